namespace Monitoring.Gateway.Events;

/// <summary>A consumer read too slowly and its bounded buffer filled up: it is dropped, not allowed to grow memory.</summary>
public sealed class SlowConsumerException(int capacity)
    : Exception($"the event consumer fell more than {capacity} events behind and was disconnected; reconnect to continue");
