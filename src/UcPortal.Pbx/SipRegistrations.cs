using Npgsql;

namespace UcPortal.Pbx;

/// <summary>A phone currently registered for a SIP username.</summary>
public sealed record SipRegistration(string Username, int Devices, string UserAgent, DateTime ExpiresUtc);

/// <summary>Which extensions have a phone connected right now.</summary>
public interface ISipRegistrations
{
    /// <summary>Null when no SIP core is connected (nobody can know).</summary>
    Task<IReadOnlyDictionary<string, SipRegistration>?> ForDomainAsync(string sipDomain, CancellationToken ct);

    /// <summary>Those of the domains with at least one phone registered now; null when no SIP core is connected.</summary>
    Task<IReadOnlySet<string>?> RegisteredDomainsAsync(IReadOnlyCollection<string> sipDomains, CancellationToken ct);
}

public sealed class NoRegistrations : ISipRegistrations
{
    public Task<IReadOnlyDictionary<string, SipRegistration>?> ForDomainAsync(string sipDomain, CancellationToken ct) =>
        Task.FromResult<IReadOnlyDictionary<string, SipRegistration>?>(null);

    public Task<IReadOnlySet<string>?> RegisteredDomainsAsync(IReadOnlyCollection<string> sipDomains, CancellationToken ct) =>
        Task.FromResult<IReadOnlySet<string>?>(null);
}

/// <summary>Reads Kamailio's <c>location</c> table (usrloc db_mode 1 writes through, so it is current).
/// Times are Kamailio's local time, which runs in UTC (deploy/kamailio/README.md).</summary>
public sealed class KamailioRegistrations(string connectionString) : ISipRegistrations
{
    public async Task<IReadOnlyDictionary<string, SipRegistration>?> ForDomainAsync(string sipDomain, CancellationToken ct)
    {
        const string sql = """
            SELECT username, count(*), max(user_agent), max(expires)
            FROM location
            WHERE domain = @domain AND expires > (now() AT TIME ZONE 'UTC')
            GROUP BY username
            """;
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(sql, conn);
        cmd.Parameters.AddWithValue("domain", sipDomain.ToLowerInvariant());
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var result = new Dictionary<string, SipRegistration>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
        {
            var username = reader.GetString(0);
            result[username] = new SipRegistration(
                username, (int)reader.GetInt64(1), reader.IsDBNull(2) ? "" : reader.GetString(2),
                DateTime.SpecifyKind(reader.GetDateTime(3), DateTimeKind.Utc));
        }
        return result;
    }

    public async Task<IReadOnlySet<string>?> RegisteredDomainsAsync(IReadOnlyCollection<string> sipDomains, CancellationToken ct)
    {
        const string sql = """
            SELECT DISTINCT domain FROM location
            WHERE domain = ANY(@domains) AND expires > (now() AT TIME ZONE 'UTC')
            """;
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(sql, conn);
        cmd.Parameters.AddWithValue("domains", sipDomains.Select(d => d.ToLowerInvariant()).ToArray());
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var result = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (await reader.ReadAsync(ct))
        {
            result.Add(reader.GetString(0));
        }
        return result;
    }
}
