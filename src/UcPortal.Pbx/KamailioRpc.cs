using System.Text.Json;

namespace UcPortal.Pbx;

/// <summary>Kamailio's JSON-RPC over HTTP (xhttp + jsonrpcs). Every call reads the reply: an error
/// reply is an exception, because kamcmd-style "exit 0 on error" would hide a failed reload.</summary>
public sealed class KamailioRpc(HttpClient http, Uri url)
{
    private int _id;

    public async Task<JsonElement> CallAsync(string method, object[] args, CancellationToken ct)
    {
        var request = new { jsonrpc = "2.0", method, @params = args, id = Interlocked.Increment(ref _id) };
        HttpResponseMessage response;
        try
        {
            // A buffered body: Kamailio's xhttp needs Content-Length (JsonContent would be chunked).
            using var body = new StringContent(JsonSerializer.Serialize(request), System.Text.Encoding.UTF8, "application/json");
            response = await http.PostAsync(url, body, ct);
        }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
        {
            // HttpClient reports its own timeout as a cancellation; the sync job must see a failure to retry.
            throw new TimeoutException($"Kamailio RPC {method} did not answer in time", ex);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            // Kamailio answers RPC errors with an HTTP error status and a JSON-RPC error body: read the body first.
            if (!response.IsSuccessStatusCode && !text.TrimStart().StartsWith('{'))
            {
                throw new HttpRequestException($"Kamailio RPC {method} answered HTTP {(int)response.StatusCode}", null, response.StatusCode);
            }
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.TryGetProperty("error", out var error))
            {
                var message = error.TryGetProperty("message", out var m) ? m.GetString() : error.ToString();
                var code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt32() : 0;
                throw new KamailioRpcException($"Kamailio RPC {method} failed: {message}", code);
            }
            return doc.RootElement.TryGetProperty("result", out var result) ? result.Clone() : default;
        }
    }
}

/// <param name="code">The JSON-RPC error code Kamailio answered (e.g. 404 for a key not found), 0 if none.</param>
public sealed class KamailioRpcException(string message, int code = 0) : Exception(message)
{
    public int Code { get; } = code;
}
