namespace UcPortal.Web.Features.Billing;

public enum BillingEventResult { Applied, AlreadyProcessed, Ignored }

/// <summary>Applies one provider event at most once: the event row (unique event id) commits in the
/// same SaveChanges as its effects, so a redelivery finds it and does nothing. Handlers whose outcome
/// depends on order (subscription changes, checkout completion) re-read the subscription from the
/// provider instead of trusting the event's copy.</summary>
public sealed class BillingEventProcessor(PortalDbContext db, IPaymentProvider provider, TenantBilling billing, PortalUnitOfWork unitOfWork, TimeProvider clock, ILogger<BillingEventProcessor> log)
{
    public async Task<BillingEventResult> ProcessAsync(BillingEventData data, CancellationToken ct)
    {
        if (await db.BillingEvents.AnyAsync(e => e.EventId == data.EventId, ct))
        {
            return BillingEventResult.AlreadyProcessed;
        }
        var cause = $"{data.Provider}:{data.Type}:{data.EventId}";
        var row = new BillingEvent
        {
            EventId = data.EventId,
            Provider = data.Provider,
            Type = data.Type,
            ReceivedAtUtc = clock.GetUtcNow().UtcDateTime,
        };
        db.BillingEvents.Add(row);

        var (tenant, outcome) = data switch
        {
            CheckoutCompleted e => await OnCheckoutCompletedAsync(e, cause, ct),
            CheckoutDeclined e => await OnCheckoutDeclinedAsync(e, ct),
            InvoiceEvent e => await OnInvoiceAsync(e, cause, ct),
            SubscriptionChanged e => await OnSubscriptionChangedAsync(e, cause, ct),
            _ => (null, "ignored: unknown event"),
        };
        row.TenantId = tenant?.Id;
        row.ObjectId = data switch
        {
            CheckoutCompleted e => e.SessionId,
            CheckoutDeclined e => e.SessionId,
            InvoiceEvent e => e.Invoice.Id,
            SubscriptionChanged e => e.SubscriptionId,
            _ => null,
        };
        row.Outcome = outcome.Length > 500 ? outcome[..500] : outcome;
        try
        {
            // One SaveChanges: the event row and all its effects commit together or not at all.
            await unitOfWork.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            if (await IsDuplicateAsync(data.EventId, ct))
            {
                // The same event was being applied by another request at the same moment: theirs stands.
                return BillingEventResult.AlreadyProcessed;
            }
            throw;
        }
        log.LogInformation("Billing event {EventId} ({Type}) for tenant {TenantId}: {Outcome}", data.EventId, data.Type, tenant?.Id, outcome);
        return outcome.StartsWith("applied", StringComparison.Ordinal) ? BillingEventResult.Applied : BillingEventResult.Ignored;
    }

    private async Task<bool> IsDuplicateAsync(string eventId, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await db.BillingEvents.AnyAsync(e => e.EventId == eventId, ct);
    }

    private async Task<(Tenant?, string)> OnCheckoutCompletedAsync(CheckoutCompleted e, string cause, CancellationToken ct)
    {
        var checkout = await db.BillingCheckouts.SingleOrDefaultAsync(c => c.ProviderSessionId == e.SessionId, ct);
        var tenantId = e.TenantId ?? checkout?.TenantId;
        var tenant = tenantId is null ? null : await db.Tenants.SingleOrDefaultAsync(t => t.Id == tenantId, ct);
        if (tenant is null)
        {
            return (null, $"no tenant: checkout session {e.SessionId} names no tenant of ours");
        }
        if (checkout is not null && checkout.Status != CheckoutStatus.Completed)
        {
            checkout.Status = CheckoutStatus.Completed;
            checkout.CompletedAtUtc = clock.GetUtcNow().UtcDateTime;
            checkout.FailureMessage = null;
        }
        if (e.SubscriptionId is null)
        {
            return (tenant, "ignored: checkout without a subscription");
        }
        var sub = await provider.GetSubscriptionAsync(e.SubscriptionId, ct);
        if (sub is null)
        {
            return (tenant, $"ignored: subscription {e.SubscriptionId} not found at the provider");
        }
        await billing.ApplySubscriptionAsync(tenant, sub, cause, ct);
        return (tenant, $"applied: subscription {sub.Id} {sub.Status}");
    }

    private async Task<(Tenant?, string)> OnCheckoutDeclinedAsync(CheckoutDeclined e, CancellationToken ct)
    {
        var checkout = await db.BillingCheckouts.SingleOrDefaultAsync(c => c.ProviderSessionId == e.SessionId, ct);
        if (checkout is null)
        {
            return (null, $"ignored: unknown checkout session {e.SessionId}");
        }
        if (checkout.Status == CheckoutStatus.Open)
        {
            checkout.Status = CheckoutStatus.Declined;
            checkout.FailureMessage = e.Message;
        }
        var tenant = await db.Tenants.SingleAsync(t => t.Id == checkout.TenantId, ct);
        return (tenant, "applied: checkout declined, tenant unchanged");
    }

    private async Task<(Tenant?, string)> OnInvoiceAsync(InvoiceEvent e, string cause, CancellationToken ct)
    {
        var tenant = await FindTenantAsync(e.Invoice.SubscriptionId, e.Invoice.CustomerId, null, ct);
        if (tenant is null)
        {
            return (null, $"no tenant: invoice {e.Invoice.Id} of customer {e.Invoice.CustomerId}");
        }
        var stored = await billing.RecordInvoiceAsync(tenant, e.Invoice, cause, ct);
        // A payment_failed that arrives after the same invoice's invoice.paid is stale: the stored row stays paid.
        if (e.Type == BillingEventTypes.InvoicePaymentFailed && e.Invoice.Status != "paid" && stored.Status != "paid")
        {
            billing.MarkPaymentFailed(tenant, e.Invoice, cause);
        }
        return (tenant, $"applied: invoice {e.Invoice.Number} {e.Invoice.Status}");
    }

    private async Task<(Tenant?, string)> OnSubscriptionChangedAsync(SubscriptionChanged e, string cause, CancellationToken ct)
    {
        var tenant = await FindTenantAsync(e.SubscriptionId, e.CustomerId, e.TenantId, ct);
        if (tenant is null)
        {
            return (null, $"no tenant: subscription {e.SubscriptionId} of customer {e.CustomerId}");
        }
        var sub = await provider.GetSubscriptionAsync(e.SubscriptionId, ct);
        if (sub is null)
        {
            return (tenant, $"ignored: subscription {e.SubscriptionId} not found at the provider");
        }
        // An event about an older subscription of this tenant must not undo the current one.
        if (tenant.SubscriptionId is not null && tenant.SubscriptionId != sub.Id && !sub.IsInGoodStanding)
        {
            return (tenant, $"ignored: subscription {sub.Id} is not the tenant's current one ({tenant.SubscriptionId})");
        }
        await billing.ApplySubscriptionAsync(tenant, sub, cause, ct);
        return (tenant, $"applied: subscription {sub.Id} {sub.Status}");
    }

    private async Task<Tenant?> FindTenantAsync(string? subscriptionId, string? customerId, Guid? tenantId, CancellationToken ct)
    {
        if (tenantId is not null && await db.Tenants.SingleOrDefaultAsync(t => t.Id == tenantId, ct) is { } byId)
        {
            return byId;
        }
        if (subscriptionId is not null && await db.Tenants.SingleOrDefaultAsync(t => t.SubscriptionId == subscriptionId, ct) is { } bySub)
        {
            return bySub;
        }
        return customerId is null ? null : await db.Tenants.SingleOrDefaultAsync(t => t.BillingCustomerId == customerId, ct);
    }
}
