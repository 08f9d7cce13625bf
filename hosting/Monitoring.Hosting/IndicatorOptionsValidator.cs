using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Monitoring.Grains;
using Monitoring.Domain.Detection;
using Monitoring.Grains.Disruptions;
using Monitoring.Domain.Indicators;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Hosting;
using Orleans.Storage;
using StackExchange.Redis;
using GrainStorageName = Monitoring.Grains.GrainStorage;

namespace Monitoring.Hosting;

/// <summary>Refuses to start with indicator settings out of range, naming each problem.</summary>
internal sealed class IndicatorOptionsValidator : IValidateOptions<IndicatorOptions>
{
    public ValidateOptionsResult Validate(string? name, IndicatorOptions options)
    {
        var problems = options.Problems().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
