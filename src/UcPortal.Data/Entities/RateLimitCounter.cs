namespace UcPortal.Data.Entities;

/// <summary>One fixed window of a rate limit, shared by every portal node (decision 039): the
/// policy and client (e.g. "signup:203.0.113.7"), the hits counted in the window, and when the
/// window ends (Unix milliseconds, so both databases compare it as a number). Each hit is one
/// atomic upsert; windows that ended are deleted by the recurring job <c>rate-limit-cleanup</c>.</summary>
public class RateLimitCounter
{
    public string Key { get; set; } = "";
    public int Count { get; set; }
    public long WindowEndsUnixMs { get; set; }
}
