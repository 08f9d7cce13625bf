namespace Monitoring.Domain;

/// <summary>
/// Settings bound from one configuration section that can say what is wrong with them. Every options type of
/// the platform implements it and is registered with <c>AddValidatedOptions</c> (hosting/Monitoring.Hosting),
/// so a process refuses to start, naming every problem, rather than run with settings it cannot honour.
/// </summary>
public interface IValidatedOptions
{
    /// <summary>The configuration section the settings are bound from, for example "Detection".</summary>
    static abstract string SectionName { get; }

    /// <summary>Every problem, each naming its setting ("Detection:EwmaAlpha must be in (0, 1]"); none when valid.</summary>
    IEnumerable<string> Problems();
}
