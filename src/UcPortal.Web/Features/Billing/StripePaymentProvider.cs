using System.Net;
using System.Text.RegularExpressions;
using Stripe;
using Stripe.Checkout;
using Plan = UcPortal.Data.Entities.Plan;

namespace UcPortal.Web.Features.Billing;

/// <summary>Stripe through the real Stripe.net client, with the API base address from
/// <see cref="StripeOptions.ApiBase"/> (tests point it at a local server that speaks Stripe's API).
/// Every Stripe error becomes a <see cref="PaymentProviderException"/> the caller can show.</summary>
public sealed partial class StripePaymentProvider(StripeClient client, ILogger<StripePaymentProvider> log) : IPaymentProvider
{
    public const string ProviderName = "stripe";

    public const string PlanPriceKind = "plan";
    public const string ExtraNumberPriceKind = "extra_number";

    private static List<string> ExpandItemPrices => ["items.data.price"];

    public string Name => ProviderName;
    public bool IsTestMode => false;

    /// <summary>One client per process: it holds the HTTP connection pool.</summary>
    public static StripeClient CreateClient(StripeOptions options) =>
        new(options.SecretKey, apiBase: string.IsNullOrWhiteSpace(options.ApiBase) ? null : options.ApiBase.TrimEnd('/'));

    /// <summary>Products get deterministic ids (ucportal-plan-CODE) instead of being found by search:
    /// Stripe's search is eventually consistent, so a second run a few seconds after the first could
    /// miss what the first created and make duplicates. A retrieve by id is exact.</summary>
    public async Task<PlanSyncResult> SyncPlansAsync(IReadOnlyList<Plan> plans, CancellationToken ct)
    {
        int productsCreated = 0, pricesCreated = 0, unchanged = 0;
        foreach (var plan in plans)
        {
            var createdBefore = productsCreated + pricesCreated;

            var (product, productCreated) = await EnsureProductAsync(PlanLookupKeys.Product(plan), plan.Name, plan, PlanPriceKind, ct);
            productsCreated += productCreated ? 1 : 0;
            plan.StripeProductId = product.Id;

            var monthlyKey = PlanLookupKeys.MonthlyPrice(plan);
            var extraKey = PlanLookupKeys.ExtraNumberPrice(plan);
            var existing = await CallAsync("find the plan's prices", () => client.V1.Prices.ListAsync(new PriceListOptions
            {
                LookupKeys = [monthlyKey, extraKey],
                Active = true,
                Limit = 10,
            }, cancellationToken: ct));

            var monthly = existing.Data.FirstOrDefault(p => p.LookupKey == monthlyKey);
            if (monthly is null)
            {
                monthly = await CreatePriceAsync(product.Id, plan, monthlyKey, PlanPriceKind, plan.MonthlyPriceCents, $"{plan.Name} monthly", ct);
                pricesCreated++;
            }
            plan.StripePriceId = monthly.Id;

            if (plan.ExtraNumberPriceCents > 0)
            {
                var extra = existing.Data.FirstOrDefault(p => p.LookupKey == extraKey);
                if (extra is null)
                {
                    // A product of its own, so invoices read "Starter: extra phone number" rather than "Starter" twice.
                    var (extraProduct, extraProductCreated) = await EnsureProductAsync(ExtraNumberProductId(plan), $"{plan.Name}: extra phone number", plan, ExtraNumberPriceKind, ct);
                    productsCreated += extraProductCreated ? 1 : 0;
                    extra = await CreatePriceAsync(extraProduct.Id, plan, extraKey, ExtraNumberPriceKind, plan.ExtraNumberPriceCents, $"{plan.Name} extra number", ct);
                    pricesCreated++;
                }
                plan.StripeExtraNumberPriceId = extra.Id;
            }
            else
            {
                plan.StripeExtraNumberPriceId = null;
            }

            if (productsCreated + pricesCreated == createdBefore)
            {
                unchanged++;
            }
        }
        return new PlanSyncResult(productsCreated, pricesCreated, unchanged);
    }

    public static string ExtraNumberProductId(Plan plan) => PlanLookupKeys.Product(plan) + "-extra-number";

    private async Task<(Product Product, bool Created)> EnsureProductAsync(string id, string name, Plan plan, string kind, CancellationToken ct)
    {
        var found = await FindAsync(() => client.V1.Products.GetAsync(id, cancellationToken: ct));
        if (found is not null)
        {
            return (found, false);
        }
        var created = await CallAsync("create a product", () => client.V1.Products.CreateAsync(new ProductCreateOptions
        {
            Id = id,
            Name = name,
            Metadata = new() { [PlanLookupKeys.PlanCodeKey] = plan.Code, [PlanLookupKeys.PriceKindKey] = kind },
        }, new RequestOptions { IdempotencyKey = $"ucportal-product-{id}" }, ct));
        log.LogInformation("Created Stripe product {ProductId} for plan {PlanCode}", created.Id, plan.Code);
        return (created, true);
    }

    private async Task<Price> CreatePriceAsync(string productId, Plan plan, string lookupKey, string kind, int unitAmountCents, string nickname, CancellationToken ct)
    {
        var price = await CallAsync("create a price", () => client.V1.Prices.CreateAsync(new PriceCreateOptions
        {
            Product = productId,
            Currency = plan.Currency.ToLowerInvariant(),
            UnitAmount = unitAmountCents,
            Recurring = new PriceRecurringOptions { Interval = "month", IntervalCount = 1 },
            LookupKey = lookupKey,
            // A price archived by hand in Stripe's dashboard still holds its key; the new one takes it over.
            TransferLookupKey = true,
            Nickname = nickname,
            Metadata = new() { [PlanLookupKeys.PlanCodeKey] = plan.Code, [PlanLookupKeys.PriceKindKey] = kind },
        }, new RequestOptions { IdempotencyKey = $"ucportal-price-{lookupKey}" }, ct));
        log.LogInformation("Created Stripe price {PriceId} ({LookupKey})", price.Id, lookupKey);
        return price;
    }

    public async Task<string> EnsureCustomerAsync(Tenant tenant, string email, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(tenant.BillingCustomerId))
        {
            var existing = await FindAsync(() => client.V1.Customers.GetAsync(tenant.BillingCustomerId, cancellationToken: ct));
            if (existing is { Deleted: not true })
            {
                return existing.Id;
            }
            // The stored id is unknown here (deleted, another Stripe account, or a test-mode id): make a new one.
            log.LogWarning("Stripe customer {CustomerId} of tenant {TenantId} is gone; creating a new one", tenant.BillingCustomerId, tenant.Id);
        }
        var key = $"ucportal-customer-{tenant.Id:N}" + (string.IsNullOrEmpty(tenant.BillingCustomerId) ? "" : $"-replaces-{tenant.BillingCustomerId}");
        var customer = await CallAsync("create the customer", () => client.V1.Customers.CreateAsync(new CustomerCreateOptions
        {
            Email = email,
            Name = tenant.Name,
            Metadata = new() { [PlanLookupKeys.TenantIdKey] = tenant.Id.ToString() },
        }, new RequestOptions { IdempotencyKey = key }, ct));
        return customer.Id;
    }

    public async Task<CheckoutStart> StartCheckoutAsync(CheckoutRequest request, CancellationToken ct)
    {
        var plan = request.Plan;
        if (plan.StripePriceId is null || (request.ExtraNumbers > 0 && plan.StripeExtraNumberPriceId is null))
        {
            throw new PaymentProviderException(
                "This plan cannot be bought online yet. Please contact support.", false,
                $"Plan {plan.Code} has no Stripe price: run the plan sync (/admin/plans or the sync-plans command)");
        }
        List<SessionLineItemOptions> items = [new() { Price = plan.StripePriceId, Quantity = 1 }];
        if (request.ExtraNumbers > 0)
        {
            items.Add(new SessionLineItemOptions { Price = plan.StripeExtraNumberPriceId, Quantity = request.ExtraNumbers });
        }
        var tenantId = request.TenantId.ToString();
        var session = await CallAsync("start the checkout", () => client.V1.Checkout.Sessions.CreateAsync(new SessionCreateOptions
        {
            Mode = "subscription",
            Customer = request.CustomerId,
            ClientReferenceId = tenantId,
            Metadata = new() { [PlanLookupKeys.TenantIdKey] = tenantId, [PlanLookupKeys.PlanCodeKey] = plan.Code },
            SubscriptionData = new SessionSubscriptionDataOptions
            {
                Metadata = new() { [PlanLookupKeys.TenantIdKey] = tenantId },
            },
            LineItems = items,
            SuccessUrl = request.SuccessUrl + (request.SuccessUrl.Contains('?') ? "&" : "?") + "session_id={CHECKOUT_SESSION_ID}",
            CancelUrl = request.CancelUrl,
        }, new RequestOptions { IdempotencyKey = request.IdempotencyKey }, ct));
        return new CheckoutStart(session.Id, session.Url);
    }

    public async Task<string> CreateCustomerPortalUrlAsync(string customerId, string returnUrl, CancellationToken ct)
    {
        var session = await CallAsync("open the billing portal", () => client.V1.BillingPortal.Sessions.CreateAsync(new Stripe.BillingPortal.SessionCreateOptions
        {
            Customer = customerId,
            ReturnUrl = returnUrl,
        }, cancellationToken: ct));
        return session.Url;
    }

    public async Task<SubscriptionSnapshot?> GetSubscriptionAsync(string subscriptionId, CancellationToken ct)
    {
        var sub = await FindAsync(() => client.V1.Subscriptions.GetAsync(subscriptionId, new SubscriptionGetOptions { Expand = ExpandItemPrices }, cancellationToken: ct));
        return sub is null ? null : ToSnapshot(sub);
    }

    public async Task<SubscriptionSnapshot> ChangeSubscriptionAsync(string subscriptionId, Plan plan, int extraNumbers, CancellationToken ct)
    {
        if (plan.StripePriceId is null || (extraNumbers > 0 && plan.StripeExtraNumberPriceId is null))
        {
            throw new PaymentProviderException(
                "This plan cannot be bought online yet. Please contact support.", false,
                $"Plan {plan.Code} has no Stripe price: run the plan sync (/admin/plans or the sync-plans command)");
        }
        var current = await CallAsync("read the subscription", () => client.V1.Subscriptions.GetAsync(subscriptionId, new SubscriptionGetOptions { Expand = ExpandItemPrices }, cancellationToken: ct));
        var planItem = current.Items.Data.FirstOrDefault(i => KindOf(i.Price) == PlanPriceKind) ?? current.Items.Data.FirstOrDefault(i => KindOf(i.Price) != ExtraNumberPriceKind);
        var extraItem = current.Items.Data.FirstOrDefault(i => KindOf(i.Price) == ExtraNumberPriceKind);

        List<SubscriptionItemOptions> items = [planItem is null
            ? new() { Price = plan.StripePriceId, Quantity = 1 }
            : new() { Id = planItem.Id, Price = plan.StripePriceId, Quantity = 1 }];
        if (extraItem is not null && extraNumbers == 0)
        {
            items.Add(new() { Id = extraItem.Id, Deleted = true });
        }
        else if (extraItem is not null)
        {
            items.Add(new() { Id = extraItem.Id, Price = plan.StripeExtraNumberPriceId, Quantity = extraNumbers });
        }
        else if (extraNumbers > 0)
        {
            items.Add(new() { Price = plan.StripeExtraNumberPriceId, Quantity = extraNumbers });
        }
        var updated = await CallAsync("change the subscription", () => client.V1.Subscriptions.UpdateAsync(subscriptionId, new SubscriptionUpdateOptions
        {
            Items = items,
            ProrationBehavior = "create_prorations",
            Expand = ExpandItemPrices,
        }, cancellationToken: ct));
        return ToSnapshot(updated);
    }

    public async Task<SubscriptionSnapshot> SetCancelAtPeriodEndAsync(string subscriptionId, bool cancel, CancellationToken ct)
    {
        var updated = await CallAsync(cancel ? "cancel the subscription at period end" : "resume the subscription", () => client.V1.Subscriptions.UpdateAsync(subscriptionId, new SubscriptionUpdateOptions
        {
            CancelAtPeriodEnd = cancel,
            Expand = ExpandItemPrices,
        }, cancellationToken: ct));
        return ToSnapshot(updated);
    }

    public async Task<SubscriptionSnapshot> CancelNowAsync(string subscriptionId, CancellationToken ct)
    {
        var cancelled = await CallAsync("cancel the subscription", () => client.V1.Subscriptions.CancelAsync(subscriptionId, new SubscriptionCancelOptions
        {
            Expand = ExpandItemPrices,
        }, cancellationToken: ct));
        return ToSnapshot(cancelled);
    }

    public async Task<IReadOnlyList<InvoiceSnapshot>> ListInvoicesAsync(string customerId, int limit, CancellationToken ct)
    {
        var invoices = await CallAsync("list invoices", () => client.V1.Invoices.ListAsync(new InvoiceListOptions
        {
            Customer = customerId,
            Limit = Math.Clamp(limit, 1, 100),
        }, cancellationToken: ct));
        // Drafts are not invoices yet for the customer: no number, no PDF, amounts still change.
        return invoices.Data.Where(i => i.Status != "draft").Select(ToSnapshot).OrderByDescending(i => i.CreatedUtc).ToList();
    }

    public static SubscriptionSnapshot ToSnapshot(Subscription sub)
    {
        var items = sub.Items?.Data ?? [];
        var planItem = items.FirstOrDefault(i => KindOf(i.Price) == PlanPriceKind) ?? items.FirstOrDefault(i => KindOf(i.Price) != ExtraNumberPriceKind);
        var extraItem = items.FirstOrDefault(i => KindOf(i.Price) == ExtraNumberPriceKind);
        // Since API version 2025-03-31 the billing period lives on each item, no longer on the subscription.
        var periodStart = planItem?.CurrentPeriodStart ?? (items.Count > 0 ? items.Min(i => i.CurrentPeriodStart) : sub.StartDate);
        var periodEnd = planItem?.CurrentPeriodEnd ?? (items.Count > 0 ? items.Max(i => i.CurrentPeriodEnd) : sub.StartDate);
        return new SubscriptionSnapshot(
            sub.Id,
            sub.CustomerId,
            TenantIdOf(sub.Metadata),
            sub.Status,
            PlanCodeOf(planItem?.Price),
            (int)(extraItem?.Quantity ?? 0),
            Utc(periodStart),
            Utc(periodEnd),
            sub.CancelAtPeriodEnd);
    }

    public static InvoiceSnapshot ToSnapshot(Invoice invoice)
    {
        var lines = invoice.Lines?.Data ?? [];
        var subscriptionId = invoice.Parent?.SubscriptionDetails?.SubscriptionId
            ?? lines.Select(l => l.Parent?.SubscriptionItemDetails?.Subscription).FirstOrDefault(s => s is not null);
        // The invoice's own period_end looks back (it is the creation time on a first invoice);
        // the lines carry the period the customer paid for.
        var linePeriodEnds = lines.Where(l => l.Period is not null).Select(l => l.Period.End).ToList();
        DateTime? periodEnd = linePeriodEnds.Count > 0 ? Utc(linePeriodEnds.Max()) : invoice.PeriodEnd == default ? null : Utc(invoice.PeriodEnd);
        return new InvoiceSnapshot(
            invoice.Id,
            invoice.CustomerId,
            subscriptionId,
            invoice.Number ?? invoice.Id,
            Utc(invoice.Created),
            invoice.Status == "paid" ? invoice.AmountPaid : invoice.AmountDue,
            (invoice.Currency ?? "usd").ToUpperInvariant(),
            invoice.Status ?? "",
            invoice.InvoicePdf,
            invoice.HostedInvoiceUrl,
            periodEnd,
            (int)invoice.AttemptCount);
    }

    public static Guid? TenantIdOf(IDictionary<string, string>? metadata) =>
        metadata is not null && metadata.TryGetValue(PlanLookupKeys.TenantIdKey, out var value) && Guid.TryParse(value, out var id) ? id : null;

    private static string? KindOf(Price? price)
    {
        if (price is null)
        {
            return null;
        }
        if (price.Metadata is not null && price.Metadata.TryGetValue(PlanLookupKeys.PriceKindKey, out var kind))
        {
            return kind;
        }
        return price.LookupKey is null ? null
            : MonthlyLookupKey().IsMatch(price.LookupKey) ? PlanPriceKind
            : ExtraNumberLookupKey().IsMatch(price.LookupKey) ? ExtraNumberPriceKind
            : null;
    }

    private static string? PlanCodeOf(Price? price)
    {
        if (price is null)
        {
            return null;
        }
        if (price.Metadata is not null && price.Metadata.TryGetValue(PlanLookupKeys.PlanCodeKey, out var code) && code.Length > 0)
        {
            return code;
        }
        var match = price.LookupKey is null ? null : MonthlyLookupKey().Match(price.LookupKey);
        return match is { Success: true } ? match.Groups["code"].Value : null;
    }

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);

    /// <summary>Null when Stripe answers 404 (no such object); other errors as <see cref="CallAsync"/>.</summary>
    private async Task<T?> FindAsync<T>(Func<Task<T>> call) where T : class
    {
        try
        {
            return await call();
        }
        catch (StripeException e) when (e.HttpStatusCode == HttpStatusCode.NotFound || e.StripeError?.Code == "resource_missing")
        {
            return null;
        }
        catch (StripeException e)
        {
            throw Translate("read from Stripe", e);
        }
        catch (HttpRequestException e)
        {
            throw Unreachable("read from Stripe", e);
        }
    }

    private async Task<T> CallAsync<T>(string what, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (StripeException e)
        {
            throw Translate(what, e);
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(what, e);
        }
    }

    private PaymentProviderException Unreachable(string what, HttpRequestException e)
    {
        log.LogWarning("Stripe could not {What}: not reachable ({Error})", what, e.Message);
        return new PaymentProviderException("The payment service is not answering right now. Please try again in a few minutes.", true, $"Stripe could not {what}: {e.Message}", e);
    }

    private PaymentProviderException Translate(string what, StripeException e)
    {
        var error = e.StripeError;
        // Stripe's messages name ids and parameters, never the secret key (it is masked even in authentication errors).
        var detail = $"Stripe could not {what}: {(int)e.HttpStatusCode} {error?.Type} {error?.Code} {error?.Param} {e.Message}".Trim();
        var transient = e.HttpStatusCode is HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError or 0 || error?.Type == "api_error";
        var userMessage = error?.Type switch
        {
            // Card messages are written by Stripe for the cardholder.
            "card_error" when !string.IsNullOrWhiteSpace(error.Message) => error.Message,
            "idempotency_error" => "This form was already sent with other choices. Reload the page and choose again.",
            _ when transient => "The payment service is not answering right now. Please try again in a few minutes.",
            _ => "The payment service refused this request. Please try again, or contact support if it keeps happening.",
        };
        if (transient)
        {
            log.LogWarning("{Detail}", detail);
        }
        else
        {
            log.LogError("{Detail}", detail);
        }
        return new PaymentProviderException(userMessage, transient, detail, e);
    }

    [GeneratedRegex("^ucportal-(?<code>.+)-monthly-[a-z]{3}-[0-9]+$")]
    private static partial Regex MonthlyLookupKey();

    [GeneratedRegex("^ucportal-(?<code>.+)-extra-number-[a-z]{3}-[0-9]+$")]
    private static partial Regex ExtraNumberLookupKey();
}
