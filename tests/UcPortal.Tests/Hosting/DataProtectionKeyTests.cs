using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UcPortal.Tests.Infrastructure;
using UcPortal.Web.Features.Pbx;

namespace UcPortal.Tests.Hosting;

/// <summary>The Data Protection key ring is encrypted at rest with a configured certificate: the
/// database alone does not reveal it, a node with the certificate reads it, and a rotated
/// certificate keeps reading what the previous one encrypted.</summary>
public sealed class DataProtectionKeyTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ucportal-dpkeys-" + Guid.NewGuid().ToString("N")[..10]);

    public DataProtectionKeyTests() => Directory.CreateDirectory(_folder);

    [Fact]
    public async Task WithACertificate_TheStoredKeysAreEncrypted_AndASecondNodeWithTheCertificateReadsThem()
    {
        var pfx = CreateCertificate("current", "Pfx-Passw0rd");
        string protectedPassword;
        using (var first = Node(("DataProtection:Certificate:Path", pfx), ("DataProtection:Certificate:Password", "Pfx-Passw0rd")))
        {
            protectedPassword = Protect(first, "s3cret-sip-password");
            var xml = await first.WithDbAsync(db => db.DataProtectionKeys.Select(k => k.Xml).ToListAsync());

            var key = Assert.Single(xml);
            Assert.Contains("EncryptedXmlDecryptor", key);
            Assert.Contains("<EncryptedData", key);
            Assert.DoesNotContain("<masterKey", key);
        }

        using (var second = Node(("DataProtection:Certificate:Path", pfx), ("DataProtection:Certificate:Password", "Pfx-Passw0rd")))
        {
            Assert.Equal("s3cret-sip-password", Unprotect(second, protectedPassword));
        }

        // Someone with the database but not the certificate cannot use the keys.
        using var thief = Node();
        Assert.ThrowsAny<CryptographicException>(() => Unprotect(thief, protectedPassword));
    }

    [Fact]
    public void AfterARotation_TheNewCertificate_WithThePreviousOneKept_ReadsOldSecrets()
    {
        var old = CreateCertificate("old", "Old-Passw0rd");
        var pem = CreatePemCertificate("new");
        string protectedPassword;
        using (var before = Node(("DataProtection:Certificate:Path", old), ("DataProtection:Certificate:Password", "Old-Passw0rd")))
        {
            protectedPassword = Protect(before, "kept-across-rotation");
        }

        using var after = Node(("DataProtection:Certificate:Path", pem.Certificate), ("DataProtection:Certificate:KeyPath", pem.Key),
            ("DataProtection:PreviousCertificates:0:Path", old), ("DataProtection:PreviousCertificates:0:Password", "Old-Passw0rd"));
        Assert.Equal("kept-across-rotation", Unprotect(after, protectedPassword));

        using var withoutTheOldOne = Node(("DataProtection:Certificate:Path", pem.Certificate), ("DataProtection:Certificate:KeyPath", pem.Key));
        Assert.ThrowsAny<CryptographicException>(() => Unprotect(withoutTheOldOne, protectedPassword));
    }

    [Fact]
    public void Production_WithoutACertificate_RefusesToStart_AndSaysWhatToSet()
    {
        using var portal = new SqlitePortalOnFolder(_folder) { Environment = "Production" };
        portal.Settings["Email:UseLocalMailbox"] = "true";
        portal.Settings["Billing:TestMode"] = "true";

        var error = Assert.Throws<InvalidOperationException>(() => portal.Services);

        Assert.Contains("DataProtection:Certificate:Path", error.Message);
        Assert.Contains("DataProtection:AllowUnencryptedKeys=true", error.Message);
    }

    [Fact]
    public void ACertificateFileThatDoesNotExist_StopsTheStart()
    {
        using var portal = Node(("DataProtection:Certificate:Path", Path.Combine(_folder, "missing.pfx")));

        var error = Assert.Throws<InvalidOperationException>(() => portal.Services);

        Assert.Contains("missing.pfx", error.Message);
    }

    private SqlitePortalOnFolder Node(params (string Key, string Value)[] settings)
    {
        var portal = new SqlitePortalOnFolder(_folder);
        foreach (var (key, value) in settings)
        {
            portal.Settings[key] = value;
        }
        return portal;
    }

    private static string Protect(PortalFactory portal, string secret)
    {
        using var scope = portal.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<SipCredentialFactory>().Protect(secret);
    }

    private static string Unprotect(PortalFactory portal, string protectedSecret)
    {
        using var scope = portal.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<SipCredentialFactory>().Unprotect(protectedSecret);
    }

    private static X509Certificate2 SelfSigned(string name)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN=ucportal-dataprotection-{name}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }

    private string CreateCertificate(string name, string password)
    {
        using var certificate = SelfSigned(name);
        var path = Path.Combine(_folder, name + ".pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return path;
    }

    private (string Certificate, string Key) CreatePemCertificate(string name)
    {
        using var certificate = SelfSigned(name);
        var certificatePath = Path.Combine(_folder, name + ".pem");
        var keyPath = Path.Combine(_folder, name + ".key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
