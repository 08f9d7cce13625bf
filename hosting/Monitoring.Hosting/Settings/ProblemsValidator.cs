using Microsoft.Extensions.Options;
using Monitoring.Domain;

namespace Monitoring.Hosting.Settings;

/// <summary>Fails validation with every problem the settings list about themselves (<see cref="IValidatedOptions.Problems"/>).</summary>
public sealed class ProblemsValidator<T> : IValidateOptions<T>
    where T : class, IValidatedOptions
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var problems = options.Problems().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
