using System.Text.Json;
using UcPortal.Pbx;
using static UcPortal.SipCore.Tests.TestTenant;

namespace UcPortal.SipCore.Tests;

/// <summary>The writer pushes only a tenant's changed keys into Kamailio's cache, and falls back to a
/// whole reload when the cache is not in step with the table. A "canary" row written straight into
/// the table (never pushed) tells the two apart: only a whole reload brings it into the cache.</summary>
[Collection(SipCoreCollection.Name)]
public sealed class IncrementalSyncTests(SipCoreFixture sip) : SipCoreTestBase(sip)
{
    [Fact]
    public async Task Apply_PushesOnlyTheTenantsChanges_AndReloadsEverythingWhenTheCacheFellBehind()
    {
        var d = NewDomain("incr");
        var canary = $"x:{NewDomain("canary")}";
        await ApplyAsync(State(d, [Extension("101", d)]));
        WriteRowBehindKamailiosBack(canary);
        try
        {
            await ApplyAsync(State(d, [Extension("101", d), Extension("102", d) with { DoNotDisturb = true }], version: 2));
            Assert.Equal("102", await CachedAsync($"e:{d}:102"));
            Assert.Equal("1", await CachedAsync($"e:{d}:102:dnd"));
            Assert.Equal("2", await CachedAsync($"t:{d}:version"));
            Assert.Null(await CachedAsync(canary));

            await ApplyAsync(State(d, [Extension("101", d)], version: 3));
            Assert.Null(await CachedAsync($"e:{d}:102"));
            Assert.Null(await CachedAsync($"e:{d}:102:dnd"));
            Assert.Null(await CachedAsync(canary));

            // As if the last push had failed before its final step: the next apply reloads everything.
            await Sip.RpcAsync("htable.delete", KamailioStateWriter.Htable, KamailioStateWriter.GenerationKey(d));
            await ApplyAsync(State(d, [Extension("101", d)], version: 3));
            Assert.Equal("canary", await CachedAsync(canary));
            Assert.Equal("101", await CachedAsync($"e:{d}:101"));
        }
        finally
        {
            using var conn = Sip.OpenDb();
            using var cmd = new Npgsql.NpgsqlCommand("DELETE FROM htable WHERE key_name = @k", conn);
            cmd.Parameters.AddWithValue("k", canary);
            cmd.ExecuteNonQuery();
        }
    }

    [Fact]
    public async Task NumberMovedToAnotherTenant_RingsTheNewTenant_WhicheverOfTheTwoAppliesFirst()
    {
        var a = NewDomain("mova");
        var b = NewDomain("movb");
        var did = NewDid();
        var toA = new[] { Number(did, new PbxDestination("extension", "101")) };
        await ApplyAsync(State(a, [Extension("101", a)], numbers: toA));
        Assert.Equal(a, await CachedAsync($"d:{did.TrimStart('+')}"));

        // The new owner is applied first, then the old one without the number.
        await ApplyAsync(State(b, [Extension("201", b)], numbers: [Number(did, new PbxDestination("extension", "201"))]));
        await ApplyAsync(State(a, [Extension("101", a)], version: 2));

        Assert.Equal(b, await CachedAsync($"d:{did.TrimStart('+')}"));
        Assert.Equal("extension:201", await CachedAsync($"d:{did.TrimStart('+')}:open"));
        using var phone = await PhoneAsync("201", b, "answer.xml");
        await CarrierCallAsync(did);
        var answered = await phone.WaitAsync();
        Assert.True(answered.Succeeded, answered.Log);
    }

    [Fact]
    public async Task FirstApply_OfATenantWithManyKeys_LoadsThemInOneBatchedRequest_WithTheirTypes()
    {
        var d = NewDomain("batch");
        var extensions = Enumerable.Range(100, 10).Select(n => Extension(n.ToString(System.Globalization.CultureInfo.InvariantCulture), d)).ToList();
        var state = State(d, extensions);
        var keys = KamailioStateWriter.HtableRows(state);
        Assert.True(keys.Count > 50);
        using var writer = new KamailioStateWriter(Sip.ConnectionString, Sip.RpcUrl);

        await writer.ApplyAsync(state, CancellationToken.None);

        // The generation check, the batched load, domain.reload and the generation: not one RPC per key.
        Assert.InRange(writer.KamailioRequests, 1, 5);
        foreach (var row in keys)
        {
            Assert.Equal(row.Value, await CachedAsync(row.Key));
        }
        Assert.Equal("0", await CachedTypeAsync($"t:{d}:trial"));
        Assert.Equal("10", await CachedTypeAsync($"t:{d}:maxcalls"));
        // An extension number is a string key in the cache: the cfg compares it as text.
        Assert.Equal("\"100\"", await CachedTypeAsync($"u:{d}:{extensions[0].Username}"));

        // The incremental path after it: one changed key is pushed alone, and a call still finds it.
        var before = writer.KamailioRequests;
        await writer.ApplyAsync(State(d, extensions.Select(e => e.Number == "105" ? e with { DoNotDisturb = true } : e).ToList(), version: 2), CancellationToken.None);
        Assert.Equal("1", await CachedAsync($"e:{d}:105:dnd"));
        Assert.Equal("2", await CachedAsync($"t:{d}:version"));
        Assert.InRange(writer.KamailioRequests - before, 1, 4);
    }

    [Fact]
    public async Task FirstApply_OfMoreKeysThanOnePage_LoadsEveryPage()
    {
        var d = NewDomain("pages");
        var extensions = Enumerable.Range(1000, 140).Select(n => Extension(n.ToString(System.Globalization.CultureInfo.InvariantCulture), d)).ToList();
        var state = State(d, extensions);
        var keys = KamailioStateWriter.HtableRows(state);
        Assert.True(keys.Count > KamailioBatchLoad.PageSize, $"{keys.Count} keys");
        using var writer = new KamailioStateWriter(Sip.ConnectionString, Sip.RpcUrl);

        await writer.ApplyAsync(state, CancellationToken.None);

        Assert.InRange(writer.KamailioRequests, 2, 6);
        foreach (var row in keys)
        {
            Assert.Equal(row.Value, await CachedAsync(row.Key));
        }
    }

    /// <summary>The raw JSON of a cached value: a number for an integer key, a quoted string otherwise.</summary>
    private async Task<string?> CachedTypeAsync(string key)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var reply = await new KamailioRpc(http, Sip.RpcUrl).CallAsync("htable.get", [KamailioStateWriter.Htable, key], CancellationToken.None);
        return reply.GetProperty("item").GetProperty("value").GetRawText();
    }

    /// <summary>A key's value in Kamailio's cache (not the table), or null when the cache lacks it.</summary>
    private async Task<string?> CachedAsync(string key)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            var reply = await new KamailioRpc(http, Sip.RpcUrl).CallAsync("htable.get", [KamailioStateWriter.Htable, key], CancellationToken.None);
            var value = reply.GetProperty("item").GetProperty("value");
            return value.ValueKind == JsonValueKind.Number ? value.GetRawText() : value.GetString();
        }
        catch (KamailioRpcException ex) when (ex.Message.Contains("doesn't exist", StringComparison.Ordinal))
        {
            return null;
        }
    }

    private void WriteRowBehindKamailiosBack(string key)
    {
        using var conn = Sip.OpenDb();
        using var cmd = new Npgsql.NpgsqlCommand("""
            INSERT INTO htable (key_name, key_type, value_type, key_value, expires, tenant_domain)
            VALUES (@k, 0, 0, 'canary', 0, 'canary.sip.test')
            """, conn);
        cmd.Parameters.AddWithValue("k", key);
        cmd.ExecuteNonQuery();
    }
}
