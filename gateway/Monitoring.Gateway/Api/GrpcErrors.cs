using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using GrpcStatus = Grpc.Core.Status;
using RpcStatus = Google.Rpc.Status;

namespace Monitoring.Gateway.Api;

/// <summary>
/// Errors as gRPC statuses with structured details (a <c>google.rpc.Status</c> in the <c>grpc-status-details-bin</c>
/// trailer, the rich error model; the JSON API returns the same details in its error body): a validation
/// failure names each faulty field in a <c>google.rpc.BadRequest</c>, a missing resource its type and name in a
/// <c>google.rpc.ResourceInfo</c>, a refusal to wait a <c>google.rpc.RetryInfo</c>. The message stays readable alone.
/// </summary>
public static class GrpcErrors
{
    /// <summary>Details shown in one error at most; the message says how many more there are.</summary>
    public const int MaxListedViolations = 50;

    /// <summary>One field is wrong: INVALID_ARGUMENT whose message is the description.</summary>
    public static RpcException InvalidField(string field, string description) => InvalidArgument(description, [new FieldViolation(field, description)]);

    /// <summary>INVALID_ARGUMENT with every violation as a field of a google.rpc.BadRequest (at most <see cref="MaxListedViolations"/>).</summary>
    public static RpcException InvalidArgument(string message, IReadOnlyList<FieldViolation> violations, Metadata? trailers = null)
    {
        var badRequest = new BadRequest();
        badRequest.FieldViolations.AddRange(violations.Take(MaxListedViolations).Select(v => new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description }));
        return Create(StatusCode.InvalidArgument, message, badRequest, trailers);
    }

    /// <summary>NOT_FOUND naming the missing resource ("node", "port.cl.angamos").</summary>
    public static RpcException NotFound(string resourceType, string resourceName, string message) =>
        Create(StatusCode.NotFound, message, new ResourceInfo { ResourceType = resourceType, ResourceName = resourceName, Description = message });

    /// <summary>RESOURCE_EXHAUSTED telling the client how long to wait before trying again.</summary>
    public static RpcException ResourceExhausted(string message, TimeSpan retryAfter, Metadata? trailers = null) =>
        Create(StatusCode.ResourceExhausted, message, new RetryInfo { RetryDelay = Duration.FromTimeSpan(retryAfter) }, trailers);

    /// <summary>
    /// "header:\nline\nline…": at most <see cref="MaxListedViolations"/> lines, then how many more there are, so
    /// a request with thousands of problems gets an answer of bounded size.
    /// </summary>
    public static string Listing(string header, IReadOnlyList<string> lines)
    {
        var listed = string.Join("\n", lines.Take(MaxListedViolations));
        var more = lines.Count > MaxListedViolations ? $"\n… and {lines.Count - MaxListedViolations} more" : "";
        return $"{header}:\n{listed}{more}";
    }

    /// <summary>The google.rpc.BadRequest an error carries, if any (for clients and tests).</summary>
    public static BadRequest? BadRequestOf(RpcException e) => Detail<BadRequest>(e);

    /// <summary>A detail of type <typeparamref name="T"/> the error carries, if any.</summary>
    public static T? Detail<T>(RpcException e) where T : class, IMessage<T>, new() =>
        e.GetRpcStatus()?.Details.Select(d => d.TryUnpack<T>(out var detail) ? detail : null).FirstOrDefault(d => d is not null);

    private static RpcException Create(StatusCode code, string message, IMessage detail, Metadata? trailers = null)
    {
        var status = new RpcStatus { Code = (int)code, Message = message, Details = { Any.Pack(detail) } };
        var metadata = trailers ?? [];
        metadata.SetRpcStatus(status);
        return new RpcException(new GrpcStatus(code, message), metadata);
    }
}
