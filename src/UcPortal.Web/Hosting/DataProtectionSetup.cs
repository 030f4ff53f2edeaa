using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace UcPortal.Web.Hosting;

/// <summary>A certificate given by configuration: a PKCS#12 file (<c>.pfx</c>/<c>.p12</c>) with its
/// password, or a PEM certificate with its PEM private key (<c>KeyPath</c>, or in the same file).</summary>
public sealed class CertificateFile
{
    public string Path { get; set; } = "";
    public string Password { get; set; } = "";
    public string KeyPath { get; set; } = "";

    internal X509Certificate2 Load(string contentRoot)
    {
        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(contentRoot, Path));
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The Data Protection certificate '{path}' does not exist.");
        }
        var certificate = path.EndsWith(".pem", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".crt", StringComparison.OrdinalIgnoreCase)
            ? X509Certificate2.CreateFromPemFile(path, string.IsNullOrWhiteSpace(KeyPath) ? null : System.IO.Path.GetFullPath(System.IO.Path.Combine(contentRoot, KeyPath)))
            : X509CertificateLoader.LoadPkcs12FromFile(path, Password, X509KeyStorageFlags.EphemeralKeySet);
        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException($"The Data Protection certificate '{path}' has no private key: the portal could not read its own keys.");
        }
        return certificate;
    }
}

public sealed class PortalDataProtectionOptions
{
    public const string Section = "DataProtection";

    /// <summary>Encrypts the key ring at rest (new keys are encrypted with it).</summary>
    public CertificateFile Certificate { get; set; } = new();

    /// <summary>Certificates replaced by <see cref="Certificate"/>: kept only to read keys encrypted
    /// with them until those keys expire (90 days after the rotation).</summary>
    public List<CertificateFile> PreviousCertificates { get; set; } = [];

    /// <summary>Production refuses to keep keys unencrypted unless this is set.</summary>
    public bool AllowUnencryptedKeys { get; set; }
}

public static class DataProtectionSetup
{
    /// <summary>Keys in the portal's database: sign-in cookies and encrypted SIP passwords stay
    /// valid across restarts and nodes. Whoever reads the database must not read the keys too, so
    /// in Production they are encrypted with a certificate the database does not hold.</summary>
    public static void AddPortalDataProtection(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(PortalDataProtectionOptions.Section).Get<PortalDataProtectionOptions>() ?? new PortalDataProtectionOptions();
        var dataProtection = builder.Services.AddDataProtection()
            .SetApplicationName("UcPortal")
            .PersistKeysToDbContext<PortalDbContext>();

        if (string.IsNullOrWhiteSpace(options.Certificate.Path))
        {
            if (builder.Environment.IsProduction() && !options.AllowUnencryptedKeys)
            {
                throw new InvalidOperationException(
                    "DataProtection:Certificate:Path is not set. Production keeps its Data Protection keys (sign-in cookies, SIP passwords) encrypted: " +
                    "give a certificate with its private key (.pfx + DataProtection:Certificate:Password, or .pem + DataProtection:Certificate:KeyPath), " +
                    "or set DataProtection:AllowUnencryptedKeys=true to keep them in the database in clear.");
            }
            return;
        }

        var root = builder.Environment.ContentRootPath;
        var current = options.Certificate.Load(root);
        var previous = options.PreviousCertificates.Where(c => !string.IsNullOrWhiteSpace(c.Path)).Select(c => c.Load(root));
        dataProtection
            .ProtectKeysWithCertificate(current)
            // Decryption looks only at these (and the machine's store): the current one and the ones it replaced.
            .UnprotectKeysWithAnyCertificate([current, .. previous]);
    }
}
