using System.Globalization;
using System.Security.Cryptography;
using UcPortal.Web.Features.Pbx.Routing;

namespace UcPortal.Web.Features.Pbx.Trunks;

public sealed class TrunkForm
{
    public string Name { get; set; } = "";
    public TrunkAuthMode AuthMode { get; set; } = TrunkAuthMode.Registration;

    /// <summary>Source addresses, one a line: 81.2.69.160, 81.2.69.160:5080 or [2a00:1450::1]:5060.</summary>
    public string? Addresses { get; set; }
    public int MaxChannels { get; set; } = 2;

    public static TrunkForm From(SipTrunk t) => new()
    {
        Name = t.Name,
        AuthMode = t.AuthMode,
        Addresses = string.Join("\n", t.Addresses.Select(a => Format(a.IpAddress, a.Port))),
        MaxChannels = t.MaxChannels,
    };

    public static string Format(string ip, int port)
    {
        var host = ip.Contains(':') ? $"[{ip}]" : ip;
        return port == 5060 ? ip : $"{host}:{port}";
    }
}

/// <summary>SIP trunks to a customer's own IP-PBX. Only paid plans that include them: a trunk is an
/// open door for outbound calls, which a trial must not have.</summary>
public sealed class TrunkChanges(PortalDbContext db, SipCredentialFactory credentials, PortalUnitOfWork unitOfWork, TimeProvider clock, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> text)
{
    public static string? WhyNotAllowed(TenantCaller caller, Microsoft.Extensions.Localization.IStringLocalizer? t = null) =>
        caller.IsTrial ? Localisation.PortalText.Say(t, "SIP trunks are not part of the free trial: a trunk lets another PBX make calls through your account, so it needs a paid plan.")
        : !caller.Plan.SipTrunksAllowed ? Localisation.PortalText.Say(t, "Your plan ({0}) does not include SIP trunks. The Business and Enterprise plans do.", caller.Plan.Name)
        : null;

    public async Task<FormResult> SaveAsync(TenantCaller caller, Guid? id, TrunkForm form, CancellationToken ct)
    {
        SipTrunk? trunk = null;
        if (id is not null)
        {
            trunk = await db.SipTrunks.Include(t => t.Addresses).SingleOrDefaultAsync(t => t.Id == id && t.TenantId == caller.TenantId, ct);
            if (trunk is null)
            {
                return FormResult.Missing();
            }
        }
        if (WhyNotAllowed(caller, text) is { } why)
        {
            return FormResult.Refused("", why);
        }
        var result = new FormResult();
        var name = form.Name?.Trim() ?? "";
        if (name.Length is 0 or > 80)
        {
            result.Errors[nameof(form.Name)] = text["Enter a name of up to 80 characters, e.g. Head office PBX."];
        }
        else if (await db.SipTrunks.AnyAsync(t => t.TenantId == caller.TenantId && t.Name == name && t.Id != id, ct))
        {
            result.Errors[nameof(form.Name)] = text["You already have a trunk called {0}.", name];
        }
        if (!Enum.IsDefined(form.AuthMode))
        {
            result.Errors[nameof(form.AuthMode)] = text["Choose how your PBX signs in."];
        }
        if (form.MaxChannels < 1 || form.MaxChannels > caller.Tenant.MaxConcurrentCalls)
        {
            result.Errors[nameof(form.MaxChannels)] = text["Choose from 1 to {0} simultaneous calls (your account's limit).", caller.Tenant.MaxConcurrentCalls];
        }
        var addresses = new List<(string Ip, int Port)>();
        if (form.AuthMode == TrunkAuthMode.IpAddress)
        {
            addresses = ParseAddresses(form.Addresses, out var addressError, text);
            if (addressError is null)
            {
                foreach (var (ip, port) in addresses)
                {
                    if (await db.Set<SipTrunkAddress>().AnyAsync(a => a.IpAddress == ip && a.Port == port && a.SipTrunkId != id, ct))
                    {
                        addressError = text["{0} is already used by another trunk. Each address can belong to one trunk only.", TrunkForm.Format(ip, port)];
                        break;
                    }
                }
            }
            if (addressError is not null)
            {
                result.Errors[nameof(form.Addresses)] = addressError;
            }
        }
        if (!result.Succeeded)
        {
            return result;
        }

        var isNew = trunk is null;
        if (trunk is null)
        {
            trunk = new SipTrunk { Id = Guid.NewGuid(), TenantId = caller.TenantId, CreatedAtUtc = clock.GetUtcNow().UtcDateTime };
            db.SipTrunks.Add(trunk);
        }
        trunk.Name = name;
        trunk.MaxChannels = form.MaxChannels;
        if (form.AuthMode == TrunkAuthMode.Registration && trunk.Username is null)
        {
            var username = "trunk-" + RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyz23456789", 10);
            var password = SipCredentialFactory.NewPassword();
            trunk.Username = username;
            trunk.PasswordProtected = credentials.Protect(password);
            trunk.Ha1 = SipCredentialFactory.Ha1(username, caller.Tenant.SipDomain, password);
        }
        else if (form.AuthMode == TrunkAuthMode.IpAddress)
        {
            // Switching to addresses retires the credentials: a leaked password must not keep working.
            trunk.Username = null;
            trunk.PasswordProtected = null;
            trunk.Ha1 = null;
        }
        trunk.AuthMode = form.AuthMode;
        trunk.Addresses.RemoveAll(a => !addresses.Contains((a.IpAddress, a.Port)));
        foreach (var (ip, port) in addresses.Where(a => !trunk.Addresses.Any(x => x.IpAddress == a.Ip && x.Port == a.Port)))
        {
            trunk.Addresses.Add(new SipTrunkAddress { IpAddress = ip, Port = port });
        }
        return await unitOfWork.CommitPbxChangeAsync(caller, $"SIP trunk {name} {(isNew ? "added" : "changed")}", nameof(form.Addresses), text["One of these addresses was just taken by another trunk."], ct);
    }

    public async Task<FormResult> DeleteAsync(TenantCaller caller, Guid id, CancellationToken ct)
    {
        var trunk = await db.SipTrunks.SingleOrDefaultAsync(t => t.Id == id && t.TenantId == caller.TenantId, ct);
        if (trunk is null)
        {
            return FormResult.Missing();
        }
        var references = await RoutingReferences.FindAsync(db, caller.TenantId, DestinationKind.Trunk, trunk.Id.ToString(), null, ct, text);
        if (references.Count > 0)
        {
            return FormResult.Refused("", RoutingReferences.Refusal(text["SIP trunk {0}", trunk.Name], references, text));
        }
        db.SipTrunks.Remove(trunk);
        return await unitOfWork.CommitPbxChangeAsync(caller, $"SIP trunk {trunk.Name} deleted", "", text["The trunk could not be deleted. Please try again."], ct);
    }

    internal static List<(string Ip, int Port)> ParseAddresses(string? text, out string? error, Microsoft.Extensions.Localization.IStringLocalizer? t = null)
    {
        error = null;
        var list = new List<(string, int)>();
        foreach (var line in (text ?? "").Split(['\n', ',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string host = line, portText = "";
            if (line.StartsWith('[') && line.IndexOf(']') is var close and > 0)
            {
                host = line[1..close];
                portText = line[(close + 1)..].TrimStart(':');
            }
            else if (line.Count(c => c == ':') == 1)
            {
                (host, portText) = (line[..line.IndexOf(':')], line[(line.IndexOf(':') + 1)..]);
            }
            var port = 5060;
            if (portText.Length > 0 && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
            {
                error = Localisation.PortalText.Say(t, "{0}: the port must be a number from 1 to 65535.", line);
                return [];
            }
            if (!PublicIpAddress.TryParse(host, out var address))
            {
                error = Localisation.PortalText.Say(t, "{0} is not an IP address. Enter your PBX's public address, e.g. 81.2.69.160.", line);
                return [];
            }
            if (!PublicIpAddress.IsPublic(address))
            {
                error = Localisation.PortalText.Say(t, "{0} is not a public internet address (private, loopback, link-local, shared or reserved). Enter the address your PBX's calls come from on the internet.", line);
                return [];
            }
            var ip = (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
            if (!list.Contains((ip, port)))
            {
                list.Add((ip, port));
            }
        }
        if (list.Count == 0)
        {
            error = Localisation.PortalText.Say(t, "Enter at least one public IP address your PBX sends calls from.");
        }
        else if (list.Count > 10)
        {
            error = Localisation.PortalText.Say(t, "Enter at most 10 addresses.");
            return [];
        }
        return list;
    }
}
