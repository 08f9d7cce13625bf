using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using Monitoring.Api.V1;
using Monitoring.Bench.Load;
using Monitoring.Bench.Workloads;
using Monitoring.Client;

namespace Monitoring.Bench.Harness;

/// <summary>A process's garbage collection over the window: share of wall time paused, and full (gen2) collections.</summary>
public sealed record GcActivity(double PausedShare, double Gen2Collections);
