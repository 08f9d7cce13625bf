namespace Monitoring.Contracts;

/// <summary>Stable rejection reason codes (documented in docs/api.md).</summary>
public static class RejectionCodes
{
    public const string MissingBody = "MISSING_BODY";
    public const string MissingField = "MISSING_FIELD";
    public const string InvalidId = "INVALID_ID";
    public const string UnknownSubject = "UNKNOWN_SUBJECT";
    public const string PermissionDenied = "PERMISSION_DENIED";
    public const string WrongSubjectType = "WRONG_SUBJECT_TYPE";
    public const string UnknownCommodity = "UNKNOWN_COMMODITY";
    public const string UnknownEnum = "UNKNOWN_ENUM";
    public const string NotFinite = "NOT_FINITE";
    public const string OutOfRange = "OUT_OF_RANGE";
    public const string TimestampMissing = "TIMESTAMP_MISSING";
    public const string TimestampInFuture = "TIMESTAMP_IN_FUTURE";
    public const string TimestampTooOld = "TIMESTAMP_TOO_OLD";
    public const string TooLong = "TOO_LONG";
    public const string InvalidTransition = "INVALID_TRANSITION";
    public const string OutOfOrder = "OUT_OF_ORDER";
    public const string TooManyReports = "TOO_MANY_REPORTS";
    public const string UnknownReport = "UNKNOWN_REPORT";
}
