using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using QRCoder;
using UcPortal.Web.Hosting;

namespace UcPortal.Web.Features.StaffAccount;

public sealed class EnableTwoFactorForm
{
    public string Code { get; set; } = "";
    public string? ReturnUrl { get; set; }
}

/// <summary>What the enrolment page shows: the key in groups of four, the otpauth:// address, and
/// that address as a QR code (a PNG data: address, so the page needs no script).</summary>
public sealed record AuthenticatorSetup(string SharedKey, string AuthenticatorUri, string QrCodeDataUri);

/// <summary>A staff member's own second factor (TOTP, RFC 6238, via Identity's authenticator token
/// provider): set up (scan, confirm with a code, get 10 recovery codes shown once), renew the
/// recovery codes, or reset the authenticator (a new key; the staff area is closed until enrolled
/// again). Each change is audited and committed with its audit line.</summary>
public sealed class TwoFactorEnrolment(UserManager<PortalUser> users, SignInManager<PortalUser> signIn, PortalDbContext db,
    StaffAudit audit, PortalUnitOfWork unitOfWork, IOptions<PortalOptions> portal)
{
    public const int RecoveryCodeCount = 10;

    public async Task<AuthenticatorSetup> SetupAsync(PortalUser user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = (await users.GetAuthenticatorKeyAsync(user))!;
            // A new key changes the security stamp; the session carries the new one.
            await signIn.RefreshSignInAsync(user);
        }
        var issuer = Uri.EscapeDataString(portal.Value.Name);
        var uri = $"otpauth://totp/{issuer}:{Uri.EscapeDataString(user.Email!)}?secret={key}&issuer={issuer}&digits=6";
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(6);
        return new AuthenticatorSetup(Grouped(key), uri, "data:image/png;base64," + Convert.ToBase64String(png));
    }

    /// <summary>Done: the recovery codes, to show once. Refused: the code does not match the key.</summary>
    public async Task<FormResult<IReadOnlyList<string>>> EnableAsync(PortalUser user, string code, CancellationToken ct)
    {
        code = new string(code.Where(char.IsAsciiDigit).ToArray());
        if (code.Length != 6 || !await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            return FormResult<IReadOnlyList<string>>.Refused(nameof(EnableTwoFactorForm.Code),
                "That code does not match. Enter the 6-digit code your app shows now (check the phone's clock is right).");
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await users.SetTwoFactorEnabledAsync(user, true);
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))!.ToList();
        audit.Record(AuditActions.TwoFactorEnrolled, target: user.Email, detail: "Authenticator app set up; recovery codes issued.");
        await unitOfWork.CommitAsync(ct);
        // The session has just proved both factors: mark it so, with the new security stamp.
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new Claim("amr", "mfa")]);
        return FormResult<IReadOnlyList<string>>.Ok(codes);
    }

    public async Task<IReadOnlyList<string>> RenewRecoveryCodesAsync(PortalUser user, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))!.ToList();
        audit.Record(AuditActions.RecoveryCodesRenewed, target: user.Email, detail: "The old recovery codes no longer work.");
        await unitOfWork.CommitAsync(ct);
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new Claim("amr", "mfa")]);
        return codes;
    }

    /// <summary>A new key (a lost or replaced phone): two-factor is off until the new one is confirmed.</summary>
    public async Task ResetOwnAsync(PortalUser user, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await ResetAsync(users, user);
        audit.Record(AuditActions.TwoFactorReset, target: user.Email, detail: "Own authenticator reset; enrolment needed.");
        await unitOfWork.CommitAsync(ct);
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new Claim("amr", "pwd")]);
    }

    /// <summary>Turns two-factor off with a new key (the security stamp changes,
    /// so the person's other sessions end).</summary>
    public static async Task ResetAsync(UserManager<PortalUser> users, PortalUser user)
    {
        await users.SetTwoFactorEnabledAsync(user, false);
        // The old recovery codes stay stored but are useless: they only work with two-factor on, and
        // enrolling again replaces them.
        await users.ResetAuthenticatorKeyAsync(user);
    }

    private static string Grouped(string key)
    {
        var text = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            text.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }
        return text.ToString().TrimEnd().ToLowerInvariant();
    }
}
