using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Monitoring.Domain;

namespace Monitoring.Hosting.Settings;

/// <summary>The one way settings are registered: bound from their section, validated, and checked when the host starts.</summary>
public static class ValidatedOptionsExtensions
{
    /// <summary>Binds <typeparamref name="T"/> from its section; the host refuses to start while it lists problems.</summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, IConfiguration configuration)
        where T : class, IValidatedOptions
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<T>, ProblemsValidator<T>>());
        return services.AddOptions<T>().Bind(configuration.GetSection(T.SectionName)).ValidateOnStart();
    }

    /// <summary>
    /// Reads <typeparamref name="T"/> before the host is built (what decides how the host is built, such as the
    /// Orleans setup); throws with every problem, as starting the host would.
    /// </summary>
    public static T GetValidated<T>(this IConfiguration configuration)
        where T : class, IValidatedOptions, new()
    {
        var options = configuration.GetSection(T.SectionName).Get<T>() ?? new T();
        var problems = options.Problems().ToList();
        if (problems.Count > 0) throw new OptionsValidationException(T.SectionName, typeof(T), problems);
        return options;
    }
}
