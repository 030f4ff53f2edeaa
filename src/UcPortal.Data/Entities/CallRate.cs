namespace UcPortal.Data.Entities;

/// <summary>A per-minute price for calls to numbers starting with <see cref="Prefix"/> (E.164 digits,
/// no "+"); the longest matching prefix rates a call. Edited by staff at /admin/rates.</summary>
public class CallRate
{
    public int Id { get; set; }
    public string Prefix { get; set; } = "";
    public string Description { get; set; } = "";

    /// <summary>Millionths of the currency unit per minute (0.012 USD = 12,000), so SQLite compares integers.</summary>
    public long PricePerMinuteMicros { get; set; }
}
