using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace UcPortal.Web.Hosting;

/// <summary>Output caching of the anonymous marketing pages (home, pricing, help centre): a first
/// visitor's request is answered from memory without MVC, Razor or the database. Only requests
/// without a session (no auth or TempData cookie) are looked up or stored, only 200 responses
/// without Set-Cookie are stored (ASP.NET Core's default policy), and the cache key is the whole
/// URL (path and every query value) and the request's language (decision 036).
/// Entries are tagged with what they show and evicted as soon as a change to plans or help
/// articles is saved on this node (<see cref="PublicPageCacheInvalidation"/>); other nodes of a
/// multi-node deployment keep theirs for at most <see cref="PublicPageCacheOptions.Seconds"/>.</summary>
public static class PublicPageCache
{
    public const string Policy = "public-page";
    public const string PlansTag = "plans";
    public const string HelpTag = "help";

    /// <summary>Cookies that make a request personal: the page is rendered, never taken from or put in the cache.</summary>
    private static readonly string[] SessionCookies = ["ucportal.auth", ".AspNetCore.Mvc.CookieTempDataProvider", "ucportal.view-as"];

    public static void AddPublicPageCache(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(PublicPageCacheOptions.Section).Get<PublicPageCacheOptions>() ?? new PublicPageCacheOptions();
        builder.Services.Configure<PublicPageCacheOptions>(builder.Configuration.GetSection(PublicPageCacheOptions.Section));
        builder.Services.AddOutputCache(o =>
        {
            o.AddPolicy(Policy, b => b
                .With(c => options.Seconds > 0 && !HasSession(c.HttpContext.Request))
                .SetVaryByQuery("*")
                .VaryByValue(_ => new KeyValuePair<string, string>("culture", System.Globalization.CultureInfo.CurrentUICulture.Name))
                .Expire(TimeSpan.FromSeconds(Math.Max(options.Seconds, 1))));
        });
        builder.Services.AddSingleton<PublicPageCacheInvalidation>();
    }

    public static bool HasSession(HttpRequest request) =>
        request.Headers.Authorization.Count > 0 || SessionCookies.Any(request.Cookies.ContainsKey);
}

/// <summary>Settings of the public-page output cache (section "PublicPageCache").</summary>
public sealed class PublicPageCacheOptions
{
    public const string Section = "PublicPageCache";

    /// <summary>How long a cached public page lives at most; 0 turns the cache off. A change saved on
    /// this node evicts at once; this bounds how long another node may show the old page.</summary>
    public int Seconds { get; set; } = 10;
}

/// <summary>Evicts the cached public pages that show plans or help articles when a change to them
/// is saved through EF Core: after SaveChanges, and again after the transaction commits (a request
/// between the two could have cached the old rows).</summary>
public sealed class PublicPageCacheInvalidation(IOutputCacheStore store) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbContext, HashSet<string>> _pending = new();

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        await EvictAsync(eventData.Context, keep: eventData.Context?.Database.CurrentTransaction is not null);
        return result;
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        EvictAsync(eventData.Context, keep: eventData.Context?.Database.CurrentTransaction is not null).AsTask().GetAwaiter().GetResult();
        return result;
    }

    public async Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        await EvictAsync(eventData.Context, keep: false);

    public void TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) =>
        EvictAsync(eventData.Context, keep: false).AsTask().GetAwaiter().GetResult();

    private void Collect(DbContext? context)
    {
        if (context is null)
        {
            return;
        }
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }
            var tag = entry.Entity switch
            {
                Plan => PublicPageCache.PlansTag,
                HelpArticle or HelpCategory or HelpArticleTranslation => PublicPageCache.HelpTag,
                _ => null,
            };
            if (tag is not null)
            {
                _pending.GetOrCreateValue(context).Add(tag);
            }
        }
    }

    private async ValueTask EvictAsync(DbContext? context, bool keep)
    {
        if (context is null || !_pending.TryGetValue(context, out var tags) || tags.Count == 0)
        {
            return;
        }
        foreach (var tag in tags.ToList())
        {
            await store.EvictByTagAsync(tag, CancellationToken.None);
        }
        if (!keep)
        {
            tags.Clear();
        }
    }
}
