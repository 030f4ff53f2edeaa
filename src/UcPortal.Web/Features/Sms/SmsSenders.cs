using Microsoft.Extensions.Options;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Http;
using Twilio.Rest.Api.V2010.Account;

namespace UcPortal.Web.Features.Sms;

/// <summary>Hands one stored text message to an SMS provider. Throws when the provider does not
/// accept it, so the job that called it is retried.</summary>
public interface ISmsSender
{
    string Name { get; }

    /// <summary>True when the message really leaves the portal: its one-time code is then removed from the outbox row.</summary>
    bool Delivers { get; }

    /// <returns>The provider's id for the message, if it gives one.</returns>
    Task<string?> SendAsync(OutboxSms message, CancellationToken ct);
}

public sealed class SmsSenderException(string message) : Exception(message);

/// <summary>The embedded default: messages stay in the outbox table and are read at /dev/mailbox.</summary>
public sealed class LocalOutboxSmsSender : ISmsSender
{
    public string Name => "local outbox";

    public bool Delivers => false;

    public Task<string?> SendAsync(OutboxSms message, CancellationToken ct) => Task.FromResult<string?>(null);
}

/// <summary>Twilio's official client (Programmable Messaging). Its HTTP client goes through
/// <see cref="TwilioBaseAddressHandler"/>, so Twilio:ApiBaseUrl can point it at another server.</summary>
public sealed class TwilioSmsSender(IHttpClientFactory httpClients, IOptions<TwilioOptions> options) : ISmsSender
{
    public const string HttpClientName = "twilio";

    public string Name => "Twilio";

    public bool Delivers => true;

    public async Task<string?> SendAsync(OutboxSms message, CancellationToken ct)
    {
        var o = options.Value;
        var client = new TwilioRestClient(o.AccountSid, o.AuthToken, httpClient: new SystemNetHttpClient(httpClients.CreateClient(HttpClientName)));
        var sender = o.From.Trim();
        var usesService = sender.StartsWith("MG", StringComparison.Ordinal);
        try
        {
            var sent = await MessageResource.CreateAsync(
                to: new Twilio.Types.PhoneNumber(message.ToE164),
                from: usesService ? null : new Twilio.Types.PhoneNumber(sender),
                messagingServiceSid: usesService ? sender : null,
                body: message.Body,
                client: client);
            return sent.Sid;
        }
        catch (ApiException ex)
        {
            throw new SmsSenderException($"Twilio answered {ex.Status} (code {ex.Code}): {ex.Message}");
        }
    }
}

/// <summary>Rewrites requests for api.twilio.com to Twilio:ApiBaseUrl (unchanged when it is Twilio's own address).</summary>
public sealed class TwilioBaseAddressHandler(IOptions<TwilioOptions> options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var target = new Uri(options.Value.ApiBaseUrl.TrimEnd('/') + "/");
        if (request.RequestUri is { } uri && !string.Equals(uri.Host, target.Host, StringComparison.OrdinalIgnoreCase))
        {
            request.RequestUri = new UriBuilder(uri) { Scheme = target.Scheme, Host = target.Host, Port = target.Port }.Uri;
        }
        return base.SendAsync(request, ct);
    }
}
