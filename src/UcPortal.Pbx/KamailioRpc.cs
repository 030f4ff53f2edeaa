using System.Text.Json;

namespace UcPortal.Pbx;

/// <summary>Kamailio's JSON-RPC over HTTP (xhttp + jsonrpcs). Every call reads the reply: an error
/// reply is an exception, because kamcmd-style "exit 0 on error" would hide a failed reload.</summary>
public sealed class KamailioRpc(HttpClient http, Uri url)
{
    private int _id;

    /// <summary>Calls sent so far.</summary>
    public long Requests => Volatile.Read(ref _id);

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

/// <summary>Kamailio's batched load (route PBX_LOAD in kamailio.cfg): one request loads up to
/// <see cref="PageSize"/> of an owner's htable rows, in key order from <paramref name="offset"/>,
/// from the table into the cache. Returns how many it loaded, or null when the cfg has no such
/// route (HTTP 404: an older cfg; the caller then pushes key by key).</summary>
public static class KamailioBatchLoad
{
    public const int PageSize = 500;

    /// <summary>Owners the route admits (its regex): a SIP domain or "rules:&lt;country&gt;".</summary>
    public static bool IsLoadableOwner(string owner) =>
        owner.Length is > 0 and <= 200 && owner.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or ':' or '_' or '-');

    public static async Task<int?> LoadPageAsync(HttpClient http, Uri rpcUrl, string owner, int offset, CancellationToken ct)
    {
        var url = new Uri(rpcUrl, $"/pbx/load/{owner}/{offset.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(url, ct);
        }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"Kamailio batched load of {owner} did not answer in time", ex);
        }
        using (response)
        {
            if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return null;
            }
            var text = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new KamailioRpcException($"Kamailio batched load of {owner} answered HTTP {(int)response.StatusCode}: {text}", (int)response.StatusCode);
            }
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.GetProperty("loaded").GetInt32();
        }
    }
}

/// <param name="code">The JSON-RPC error code Kamailio answered (e.g. 404 for a key not found), 0 if none.</param>
public sealed class KamailioRpcException(string message, int code = 0) : Exception(message)
{
    public int Code { get; } = code;
}
