namespace UcPortal.Web.Features.Fraud;

/// <summary>The names of the fraud rules (<see cref="FraudFlag.Rule"/>) and what each means to a customer.</summary>
public static class FraudRules
{
    public const string Attempts = "attempts";
    public const string Capacity = "capacity";
    public const string ShortCalls = "short-calls";
    public const string InternationalMinutes = "international-minutes";
    public const string Spend = "spend";

    public static string Title(string rule) => rule switch
    {
        Attempts => "Too many call attempts in a minute",
        Capacity => "Many calls at once over your call limit",
        ShortCalls => "Many very short calls",
        InternationalMinutes => "Unusual international calling",
        Spend => "Unusual spending on calls",
        _ => "Unusual calling",
    };
}
