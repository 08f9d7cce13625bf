using StackExchange.Redis;

namespace Monitoring.Hosting;

/// <summary>
/// Confirms that what this process wrote to the Redis primary has reached its replicas (WAIT), so that a failover
/// to a replica (Sentinel) loses none of it. Confirmations are shared: one round confirms every write that finished
/// before it started, and writes finishing while a round runs go with the next one.
/// </summary>
/// <remarks>
/// WAIT confirms the writes of the connection it runs on, and the grain storage writes on another one. So each round
/// first increments a counter on its own connection: Redis replicates in the order it executes, and the counter's
/// write comes after every write that had finished, so replicas that have the counter have those writes too. WAIT
/// blocks its connection, hence a connection of its own. If the primary changed between the increment and the WAIT,
/// the WAIT runs on the new primary and says nothing about the write; reading the counter back there tells whether the
/// new primary has it.
/// </remarks>
public sealed class RedisReplication(ConfigurationOptions redis, string serviceId, int replicas, TimeSpan timeout) : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly RedisKey _counter = $"{serviceId}/replication-barrier";
    private Task<ConnectionMultiplexer>? _connection;
    private TaskCompletionSource? _next;
    private bool _running;

    /// <summary>Completes once everything this process's connections had written when it was called is on the replicas.</summary>
    public Task ConfirmAsync()
    {
        lock (_lock)
        {
            _next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var confirmed = _next.Task;
            if (!_running)
            {
                _running = true;
                _ = Task.Run(RunAsync);
            }
            return confirmed;
        }
    }

    private async Task RunAsync()
    {
        while (true)
        {
            TaskCompletionSource round;
            lock (_lock)
            {
                if (_next is null)
                {
                    _running = false;
                    return;
                }
                round = _next;
                _next = null;
            }
            try
            {
                await RoundAsync();
                round.TrySetResult();
            }
            catch (Exception e)
            {
                round.TrySetException(e);
            }
        }
    }

    private async Task RoundAsync()
    {
        // Only the running round connects; a failed connection is tried again by the next round.
        if (_connection is null || _connection.IsFaulted || _connection.IsCanceled) _connection = Connect(redis, timeout);
        var database = (await _connection).GetDatabase();
        var mark = await database.StringIncrementAsync(_counter, flags: CommandFlags.DemandMaster);
        var reached = (long)await database.ExecuteAsync("WAIT", [replicas, (long)timeout.TotalMilliseconds], CommandFlags.DemandMaster);
        var present = (long?)await database.StringGetAsync(_counter, CommandFlags.DemandMaster) ?? 0;
        if (reached < replicas || present < mark)
        {
            throw new TimeoutException(
                $"the write reached the Redis primary but only {reached} of the {replicas} replicas it must reach within {timeout.TotalMilliseconds:0} ms "
                + "(Orleans:RedisWaitReplicas), or the primary changed meanwhile: it does not count as stored");
        }
    }

    private static async Task<ConnectionMultiplexer> Connect(ConfigurationOptions redis, TimeSpan timeout)
    {
        var options = redis.Clone();
        // WAIT holds its answer up to the timeout: the client must wait longer than that.
        options.AsyncTimeout = Math.Max(options.AsyncTimeout, (int)timeout.TotalMilliseconds + 5000);
        return await ConnectionMultiplexer.ConnectAsync(options);
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is { IsCompletedSuccessfully: true } connection) await connection.Result.DisposeAsync();
    }
}
