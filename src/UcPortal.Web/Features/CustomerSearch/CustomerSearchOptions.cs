namespace UcPortal.Web.Features.CustomerSearch;

/// <summary>Settings of the staff customer search (section "CustomerSearch").</summary>
public sealed class CustomerSearchOptions
{
    public const string Section = "CustomerSearch";

    /// <summary>The country a phone number typed without its country code is read in (ISO 3166 alpha-2).</summary>
    public string DefaultCountry { get; set; } = "GB";

    /// <summary>Tenants per result page.</summary>
    public int PageSize { get; set; } = 50;
}
