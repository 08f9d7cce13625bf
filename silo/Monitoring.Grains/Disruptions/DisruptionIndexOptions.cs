using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitoring.Contracts.Grains;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace Monitoring.Grains.Disruptions;

/// <summary>Index retention (configuration section "DisruptionIndex").</summary>
public sealed class DisruptionIndexOptions
{
    public const string SectionName = "DisruptionIndex";

    /// <summary>
    /// Disruptions kept per commodity; the oldest closed ones go first. Active ones are always kept. The
    /// whole index is rewritten with every group of changes, so this bounds the cost of each write; each
    /// subject also keeps its own recently closed ones.
    /// </summary>
    public int MaxRetained { get; set; } = 2_000;

    /// <summary>Changes arriving within this window share one write (each upsert is acknowledged once stored).</summary>
    public TimeSpan WriteDelay { get; set; } = TimeSpan.FromMilliseconds(100);
}
