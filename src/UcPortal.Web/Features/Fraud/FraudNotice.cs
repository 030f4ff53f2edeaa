namespace UcPortal.Web.Features.Fraud;

/// <summary>On the customer's dashboard while the tenant is flagged: why outbound calls stopped, what still
/// works, and how to reach support (Views/_FraudNotice.cshtml; the dashboard reads the open flag in its
/// own query).</summary>
public sealed record FraudNotice(string Title, string Detail, DateTime RaisedAtUtc, string SupportContact);
