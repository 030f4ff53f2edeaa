namespace UcPortal.Web.Features.Porting;

/// <summary>Number porting: where letters of authorisation are kept and what a request may ask.</summary>
public sealed class PortingOptions
{
    public const string Section = "Porting";

    /// <summary>Letters of authorisation, one folder per tenant, outside wwwroot; relative = under the content root.</summary>
    public string StorageDirectory { get; set; } = "porting-data";

    /// <summary>The biggest letter accepted.</summary>
    public int LetterMaxBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Business days a port needs at least: the wanted date may be this many business days after today, not sooner.</summary>
    public int MinimumBusinessDays { get; set; } = 3;

    /// <summary>How far ahead a wanted date may be.</summary>
    public int MaximumDaysAhead { get; set; } = 90;
}
