namespace UcPortal.Web.Features.Billing;

/// <summary>The payment provider refused or could not answer. <see cref="UserMessage"/> is safe to show
/// to the person who asked (it names no ids or keys); <see cref="Exception.Message"/> carries the
/// provider's own wording for the logs.</summary>
public sealed class PaymentProviderException(string userMessage, bool isTransient, string detail, Exception? inner = null)
    : Exception(detail, inner)
{
    public string UserMessage { get; } = userMessage;

    /// <summary>True when the same request may succeed later (provider down, rate limited): jobs retry these.</summary>
    public bool IsTransient { get; } = isTransient;
}
