using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace UcPortal.Tests.Infrastructure;

/// <summary>A local HTTP server that speaks Twilio's Programmable Messaging endpoint
/// (POST /2010-04-01/Accounts/{sid}/Messages.json, form-encoded): it records each request and
/// answers 201 with a message resource, or the next scripted error in Twilio's error format.</summary>
public sealed class FakeTwilio : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<(HttpStatusCode Status, int Code, string Message)> _script = new();
    private readonly CancellationTokenSource _stop = new();

    public FakeTwilio()
    {
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(BaseUrl + "/");
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public string BaseUrl { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public void FailNext(HttpStatusCode status, int code, string message) => _script.Enqueue((status, code, message));

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext ctx;
            try
            {
                ctx = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            using var reader = new StreamReader(ctx.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            var form = body.Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Split('=', 2))
                .ToDictionary(p => Uri.UnescapeDataString(p[0].Replace('+', ' ')), p => p.Length > 1 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : "");
            Requests.Enqueue(new RecordedRequest(ctx.Request.HttpMethod, ctx.Request.Url!.AbsolutePath, ctx.Request.Headers["Authorization"], form));
            ctx.Response.ContentType = "application/json";
            object answer;
            if (_script.TryDequeue(out var error))
            {
                ctx.Response.StatusCode = (int)error.Status;
                answer = new Dictionary<string, object> { ["code"] = error.Code, ["message"] = error.Message, ["more_info"] = $"https://www.twilio.com/docs/errors/{error.Code}", ["status"] = (int)error.Status };
            }
            else
            {
                ctx.Response.StatusCode = 201;
                var accountSid = ctx.Request.Url.Segments.Length > 3 ? ctx.Request.Url.Segments[3].TrimEnd('/') : "";
                answer = new Dictionary<string, object?>
                {
                    ["sid"] = "SM" + Guid.NewGuid().ToString("N"),
                    ["account_sid"] = accountSid,
                    ["to"] = form.GetValueOrDefault("To"),
                    ["from"] = form.GetValueOrDefault("From"),
                    ["messaging_service_sid"] = form.GetValueOrDefault("MessagingServiceSid"),
                    ["body"] = form.GetValueOrDefault("Body"),
                    ["status"] = "queued",
                    ["num_segments"] = "1",
                    ["direction"] = "outbound-api",
                    ["api_version"] = "2010-04-01",
                    ["date_created"] = DateTime.UtcNow.ToString("R"),
                };
            }
            await ctx.Response.OutputStream.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(answer));
            ctx.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
    }

    public sealed record RecordedRequest(string Method, string Path, string? Authorization, Dictionary<string, string> Form);
}
