namespace UcPortal.Web.Features.Trials;

/// <summary>Countries where we sell and can verify a mobile number.</summary>
public static class SignupCountries
{
    public static readonly IReadOnlyList<(string Code, string Name)> All =
    [
        ("AU", "Australia"), ("AT", "Austria"), ("BE", "Belgium"), ("CA", "Canada"), ("DK", "Denmark"),
        ("FR", "France"), ("DE", "Germany"), ("IE", "Ireland"), ("IT", "Italy"), ("NL", "Netherlands"),
        ("NZ", "New Zealand"), ("NO", "Norway"), ("ES", "Spain"), ("SE", "Sweden"), ("CH", "Switzerland"),
        ("GB", "United Kingdom"), ("US", "United States"),
    ];

    public static bool IsSupported(string? code) => All.Any(c => c.Code == code);

    public static string NameOf(string code) => All.FirstOrDefault(c => c.Code == code).Name ?? code;
}
