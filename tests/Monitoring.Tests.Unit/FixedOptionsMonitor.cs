using Microsoft.Extensions.Options;

namespace Monitoring.Tests.Unit;

/// <summary>Settings that never change, for classes that take an <see cref="IOptionsMonitor{T}"/>.</summary>
internal sealed class FixedOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
