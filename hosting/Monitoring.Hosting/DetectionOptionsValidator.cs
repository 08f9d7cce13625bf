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

/// <summary>Refuses to start with thresholds that are unknown, out of range or without hysteresis, naming each problem.</summary>
internal sealed class DetectionOptionsValidator : IValidateOptions<DetectionOptions>
{
    public ValidateOptionsResult Validate(string? name, DetectionOptions options)
    {
        var problems = options.Problems().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
