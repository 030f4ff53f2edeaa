using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Web;

namespace UcPortal.Tests.Infrastructure;

/// <summary>A local HTTP server that speaks the part of Stripe's API the portal calls, for the real
/// Stripe.net client: products, prices (lookup keys), customers, Checkout sessions, subscriptions with
/// items, invoices and billing-portal sessions. It keeps state like Stripe does, records every request
/// (method, path, form fields, Idempotency-Key) and replays the first response for a repeated
/// idempotency key. Tests move things along with <see cref="CompleteCheckout"/>,
/// <see cref="CreateInvoice"/> and friends, and build signed webhooks with <see cref="SignedWebhook"/>.</summary>
public sealed class FakeStripeServer : IDisposable
{
    public const string SecretKey = "sk_test_x";
    public const string WebhookSecret = "whsec_x";

    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, JsonObject> _products = [];
    private readonly Dictionary<string, JsonObject> _prices = [];
    private readonly Dictionary<string, JsonObject> _customers = [];
    private readonly Dictionary<string, JsonObject> _sessions = [];
    private readonly Dictionary<string, JsonObject> _subscriptions = [];
    private readonly Dictionary<string, JsonObject> _invoices = [];
    private readonly Dictionary<string, (int Status, string Body)> _idempotent = [];
    private int _invoiceNumber;

    public FakeStripeServer()
    {
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(BaseUrl + "/");
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public string BaseUrl { get; }

    /// <summary>The fake's clock for created, period and expiry times; tests with a fake clock set it.</summary>
    public Func<DateTimeOffset> Now { get; set; } = () => DateTimeOffset.UtcNow;

    public ConcurrentQueue<StripeRequest> Requests { get; } = new();

    /// <summary>While true every request gets Stripe's 500 api_error, as during an outage.</summary>
    public bool Down { get; set; }

    public IReadOnlyList<StripeRequest> RequestsTo(string method, string path) =>
        Requests.Where(r => r.Method == method && r.Path == path).ToList();

    /// <summary>Settings that point a portal at this server.</summary>
    public void Configure(PortalFactory portal)
    {
        portal.Settings["Stripe:SecretKey"] = SecretKey;
        portal.Settings["Stripe:WebhookSecret"] = WebhookSecret;
        portal.Settings["Stripe:ApiBase"] = BaseUrl;
    }

    public sealed record StripeRequest(string Method, string Path, IReadOnlyDictionary<string, string> Fields, string? IdempotencyKey, string? Authorization, bool Replayed);

    // ---- State as the tests see it ------------------------------------------------------------

    public JsonObject Session(string id) { lock (_gate) { return Copy(_sessions[id]); } }
    public JsonObject Subscription(string id) { lock (_gate) { return Copy(Expanded(_subscriptions[id])); } }
    public JsonObject Invoice(string id) { lock (_gate) { return Copy(_invoices[id]); } }
    public int SessionCount { get { lock (_gate) { return _sessions.Count; } } }
    public int CustomerCount { get { lock (_gate) { return _customers.Count; } } }
    public IReadOnlyList<JsonObject> Products { get { lock (_gate) { return _products.Values.Select(Copy).ToList(); } } }
    public IReadOnlyList<JsonObject> Prices { get { lock (_gate) { return _prices.Values.Select(Copy).ToList(); } } }

    /// <summary>What Stripe does when the customer pays on the Checkout page: the subscription is
    /// created from the session's line items (metadata from subscription_data) with its first paid
    /// invoice, and the session completes. Returns the completed session.</summary>
    public JsonObject CompleteCheckout(string sessionId)
    {
        lock (_gate)
        {
            var session = _sessions[sessionId];
            var now = Now();
            var subId = NewId("sub_");
            var items = new JsonArray();
            foreach (var line in session["_line_items"]!.AsArray())
            {
                items.Add(new JsonObject
                {
                    ["id"] = NewId("si_"),
                    ["price"] = line!["price"]!.GetValue<string>(),
                    ["quantity"] = line["quantity"]!.GetValue<long>(),
                });
            }
            var sub = new JsonObject
            {
                ["id"] = subId,
                ["object"] = "subscription",
                ["billing_cycle_anchor"] = now.ToUnixTimeSeconds(),
                ["cancel_at_period_end"] = false,
                ["canceled_at"] = null,
                ["collection_method"] = "charge_automatically",
                ["created"] = now.ToUnixTimeSeconds(),
                ["currency"] = "usd",
                ["customer"] = session["customer"]!.GetValue<string>(),
                ["ended_at"] = null,
                ["livemode"] = false,
                ["metadata"] = Copy(session["_subscription_metadata"]!.AsObject()),
                ["start_date"] = now.ToUnixTimeSeconds(),
                ["status"] = "active",
                ["_items"] = items,
                ["_period_start"] = now.ToUnixTimeSeconds(),
                ["_period_end"] = now.AddMonths(1).ToUnixTimeSeconds(),
            };
            _subscriptions[subId] = sub;
            var invoice = NewInvoice(sub, "paid", attemptCount: 1, billingReason: "subscription_create");
            sub["latest_invoice"] = invoice["id"]!.GetValue<string>();
            session["status"] = "complete";
            session["payment_status"] = "paid";
            session["subscription"] = subId;
            session["invoice"] = invoice["id"]!.GetValue<string>();
            return Copy(Public(session));
        }
    }

    /// <summary>A renewal: the subscription moves one period on and a new invoice is made with the
    /// given outcome ("paid", or "open" for a failed payment, which also makes the subscription past_due).</summary>
    public JsonObject Renew(string subscriptionId, string invoiceStatus, int attemptCount = 1)
    {
        lock (_gate)
        {
            var sub = _subscriptions[subscriptionId];
            var start = DateTimeOffset.FromUnixTimeSeconds(sub["_period_end"]!.GetValue<long>());
            sub["_period_start"] = start.ToUnixTimeSeconds();
            sub["_period_end"] = start.AddMonths(1).ToUnixTimeSeconds();
            var invoice = NewInvoice(sub, invoiceStatus, attemptCount, "subscription_cycle");
            sub["latest_invoice"] = invoice["id"]!.GetValue<string>();
            sub["status"] = invoiceStatus == "paid" ? "active" : "past_due";
            return Copy(invoice);
        }
    }

    public void SetSubscriptionStatus(string subscriptionId, string status)
    {
        lock (_gate)
        {
            _subscriptions[subscriptionId]["status"] = status;
        }
    }

    // ---- Webhooks -----------------------------------------------------------------------------

    /// <summary>An event as Stripe sends it (API version of the Stripe.net in use).</summary>
    public string EventJson(string type, JsonObject dataObject, string? eventId = null, bool livemode = false, DateTimeOffset? created = null) =>
        new JsonObject
        {
            ["id"] = eventId ?? NewId("evt_"),
            ["object"] = "event",
            ["api_version"] = Stripe.StripeConfiguration.ApiVersion,
            ["created"] = (created ?? Now()).ToUnixTimeSeconds(),
            ["data"] = new JsonObject { ["object"] = Copy(dataObject) },
            ["livemode"] = livemode,
            ["pending_webhooks"] = 1,
            ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
            ["type"] = type,
        }.ToJsonString();

    /// <summary>Stripe's signature scheme: <c>t=UNIX,v1=hex(HMAC-SHA256(secret, "t.payload"))</c>.</summary>
    public static string SignatureHeader(string payload, string secret, DateTimeOffset timestamp)
    {
        var t = timestamp.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{payload}"));
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }

    /// <summary>A POST to the portal's webhook endpoint, signed like Stripe signs it.</summary>
    public static HttpRequestMessage SignedWebhook(string payload, string secret = WebhookSecret, DateTimeOffset? timestamp = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe")
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", SignatureHeader(payload, secret, timestamp ?? DateTimeOffset.UtcNow));
        return request;
    }

    // ---- The HTTP side ------------------------------------------------------------------------

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext ctx;
            try
            {
                ctx = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            _ = Task.Run(() => AnswerAsync(ctx));
        }
    }

    private async Task AnswerAsync(HttpListenerContext ctx)
    {
        string body;
        using (var reader = new StreamReader(ctx.Request.InputStream))
        {
            body = await reader.ReadToEndAsync();
        }
        var method = ctx.Request.HttpMethod;
        var path = ctx.Request.Url!.AbsolutePath;
        var fields = Parse(method == "GET" || method == "DELETE" ? ctx.Request.Url.Query.TrimStart('?') : body);
        var key = ctx.Request.Headers["Idempotency-Key"];
        var authorization = ctx.Request.Headers["Authorization"];

        int status;
        string json;
        var replayed = false;
        lock (_gate)
        {
            if (Down)
            {
                (status, json) = Error(500, "api_error", null, "An unknown error occurred");
            }
            else if (method == "POST" && key is not null && _idempotent.TryGetValue(key, out var first))
            {
                (status, json, replayed) = (first.Status, first.Body, true);
            }
            else
            {
                (status, json) = authorization != $"Bearer {SecretKey}"
                    ? Error(401, "invalid_request_error", null, "Invalid API Key provided")
                    : Handle(method, path, fields);
                if (method == "POST" && key is not null)
                {
                    _idempotent[key] = (status, json);
                }
            }
        }
        Requests.Enqueue(new StripeRequest(method, path, fields, key, authorization, replayed));

        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        ctx.Response.Headers["Request-Id"] = NewId("req_");
        if (replayed)
        {
            ctx.Response.Headers["Idempotent-Replayed"] = "true";
        }
        var bytes = Encoding.UTF8.GetBytes(json);
        await ctx.Response.OutputStream.WriteAsync(bytes);
        ctx.Response.Close();
    }

    private (int, string) Handle(string method, string path, Dictionary<string, string> f)
    {
        var parts = path.Trim('/').Split('/');
        return (method, parts) switch
        {
            ("GET", ["v1", "products", var id]) => Found(_products, id, "product"),
            ("POST", ["v1", "products"]) => CreateProduct(f),
            ("GET", ["v1", "prices"]) => ListPrices(f),
            ("POST", ["v1", "prices"]) => CreatePrice(f),
            ("GET", ["v1", "customers", var id]) => Found(_customers, id, "customer"),
            ("POST", ["v1", "customers"]) => CreateCustomer(f),
            ("POST", ["v1", "checkout", "sessions"]) => CreateSession(f),
            ("GET", ["v1", "subscriptions", var id]) => _subscriptions.TryGetValue(id, out var s) ? Ok(Expanded(s)) : Missing("subscription", id),
            ("POST", ["v1", "subscriptions", var id]) => UpdateSubscription(id, f),
            ("DELETE", ["v1", "subscriptions", var id]) => CancelSubscription(id),
            ("POST", ["v1", "billing_portal", "sessions"]) => CreatePortalSession(f),
            ("GET", ["v1", "invoices"]) => ListInvoices(f),
            _ => Error(404, "invalid_request_error", null, $"Unrecognized request URL ({method}: {path}). The fake Stripe server does not speak this endpoint."),
        };
    }

    private (int, string) CreateProduct(Dictionary<string, string> f)
    {
        var id = f.GetValueOrDefault("id") ?? NewId("prod_");
        if (_products.ContainsKey(id))
        {
            return Error(400, "invalid_request_error", "resource_already_exists", "Product already exists.", "id");
        }
        if (string.IsNullOrEmpty(f.GetValueOrDefault("name")))
        {
            return Error(400, "invalid_request_error", "parameter_missing", "Missing required param: name.", "name");
        }
        var now = Now().ToUnixTimeSeconds();
        var product = new JsonObject
        {
            ["id"] = id, ["object"] = "product", ["active"] = true, ["created"] = now, ["default_price"] = null,
            ["description"] = null, ["images"] = new JsonArray(), ["livemode"] = false, ["marketing_features"] = new JsonArray(),
            ["metadata"] = Metadata(f), ["name"] = f["name"], ["type"] = "service", ["updated"] = now, ["url"] = null,
        };
        _products[id] = product;
        return Ok(product);
    }

    private (int, string) ListPrices(Dictionary<string, string> f)
    {
        var keys = Indexed(f, "lookup_keys").ToHashSet();
        IEnumerable<JsonObject> prices = _prices.Values;
        if (keys.Count > 0)
        {
            prices = prices.Where(p => p["lookup_key"]?.GetValue<string>() is { } k && keys.Contains(k));
        }
        if (f.TryGetValue("active", out var active))
        {
            prices = prices.Where(p => p["active"]!.GetValue<bool>() == (active == "true"));
        }
        if (f.TryGetValue("product", out var product))
        {
            prices = prices.Where(p => p["product"]!.GetValue<string>() == product);
        }
        var limit = f.TryGetValue("limit", out var l) ? int.Parse(l, System.Globalization.CultureInfo.InvariantCulture) : 10;
        return Ok(List(prices.Take(limit), "/v1/prices"));
    }

    private (int, string) CreatePrice(Dictionary<string, string> f)
    {
        if (!f.TryGetValue("product", out var product) || !_products.ContainsKey(product))
        {
            return Error(400, "invalid_request_error", "resource_missing", $"No such product: '{product}'", "product");
        }
        var lookupKey = f.GetValueOrDefault("lookup_key");
        if (lookupKey is not null && _prices.Values.FirstOrDefault(p => p["lookup_key"]?.GetValue<string>() == lookupKey) is { } holder)
        {
            if (f.GetValueOrDefault("transfer_lookup_key") != "true")
            {
                return Error(400, "invalid_request_error", null, $"A price (`{holder["id"]}`) already uses that lookup key.", "lookup_key");
            }
            holder["lookup_key"] = null;
        }
        var id = NewId("price_");
        var amount = long.Parse(f["unit_amount"], System.Globalization.CultureInfo.InvariantCulture);
        var price = new JsonObject
        {
            ["id"] = id, ["object"] = "price", ["active"] = true, ["billing_scheme"] = "per_unit", ["created"] = Now().ToUnixTimeSeconds(),
            ["currency"] = f["currency"], ["custom_unit_amount"] = null, ["livemode"] = false, ["lookup_key"] = lookupKey,
            ["metadata"] = Metadata(f), ["nickname"] = f.GetValueOrDefault("nickname"), ["product"] = product,
            ["recurring"] = f.ContainsKey("recurring[interval]")
                ? new JsonObject
                {
                    ["interval"] = f["recurring[interval]"],
                    ["interval_count"] = long.Parse(f.GetValueOrDefault("recurring[interval_count]") ?? "1", System.Globalization.CultureInfo.InvariantCulture),
                    ["meter"] = null, ["trial_period_days"] = null, ["usage_type"] = "licensed",
                }
                : null,
            ["tax_behavior"] = "unspecified", ["tiers_mode"] = null, ["transform_quantity"] = null,
            ["type"] = f.ContainsKey("recurring[interval]") ? "recurring" : "one_time",
            ["unit_amount"] = amount, ["unit_amount_decimal"] = amount.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        _prices[id] = price;
        return Ok(price);
    }

    private (int, string) CreateCustomer(Dictionary<string, string> f)
    {
        var id = NewId("cus_");
        var customer = new JsonObject
        {
            ["id"] = id, ["object"] = "customer", ["address"] = null, ["balance"] = 0, ["created"] = Now().ToUnixTimeSeconds(),
            ["currency"] = null, ["delinquent"] = false, ["description"] = null, ["email"] = f.GetValueOrDefault("email"),
            ["invoice_prefix"] = id[4..12].ToUpperInvariant(), ["livemode"] = false, ["metadata"] = Metadata(f),
            ["name"] = f.GetValueOrDefault("name"), ["phone"] = null, ["preferred_locales"] = new JsonArray(), ["tax_exempt"] = "none",
        };
        _customers[id] = customer;
        return Ok(customer);
    }

    private (int, string) CreateSession(Dictionary<string, string> f)
    {
        if (f.GetValueOrDefault("mode") is not ("payment" or "subscription" or "setup"))
        {
            return Error(400, "invalid_request_error", "parameter_missing", "Missing required param: mode.", "mode");
        }
        var customer = f.GetValueOrDefault("customer");
        if (customer is not null && !_customers.ContainsKey(customer))
        {
            return Error(400, "invalid_request_error", "resource_missing", $"No such customer: '{customer}'", "customer");
        }
        var lines = new JsonArray();
        for (var i = 0; f.ContainsKey($"line_items[{i}][price]"); i++)
        {
            var priceId = f[$"line_items[{i}][price]"];
            if (!_prices.TryGetValue(priceId, out var price) || !price["active"]!.GetValue<bool>())
            {
                return Error(400, "invalid_request_error", "resource_missing", $"No such price: '{priceId}'", $"line_items[{i}][price]");
            }
            var quantity = long.Parse(f.GetValueOrDefault($"line_items[{i}][quantity]") ?? "1", System.Globalization.CultureInfo.InvariantCulture);
            if (quantity < 1)
            {
                return Error(400, "invalid_request_error", null, "Quantity must be at least 1.", $"line_items[{i}][quantity]");
            }
            lines.Add(new JsonObject { ["price"] = priceId, ["quantity"] = quantity });
        }
        if (lines.Count == 0)
        {
            return Error(400, "invalid_request_error", "parameter_missing", "Missing required param: line_items.", "line_items");
        }
        if (string.IsNullOrEmpty(f.GetValueOrDefault("success_url")))
        {
            return Error(400, "invalid_request_error", "parameter_missing", "Missing required param: success_url.", "success_url");
        }
        var id = NewId("cs_test_");
        var now = Now();
        var total = lines.Sum(l => _prices[l!["price"]!.GetValue<string>()]["unit_amount"]!.GetValue<long>() * l["quantity"]!.GetValue<long>());
        var session = new JsonObject
        {
            ["id"] = id, ["object"] = "checkout.session", ["amount_subtotal"] = total, ["amount_total"] = total,
            ["cancel_url"] = f.GetValueOrDefault("cancel_url"), ["client_reference_id"] = f.GetValueOrDefault("client_reference_id"),
            ["created"] = now.ToUnixTimeSeconds(), ["currency"] = "usd", ["customer"] = customer, ["customer_email"] = null,
            ["expires_at"] = now.AddHours(24).ToUnixTimeSeconds(), ["invoice"] = null, ["livemode"] = false, ["locale"] = null,
            ["metadata"] = Metadata(f), ["mode"] = f["mode"], ["payment_intent"] = null, ["payment_method_collection"] = "always",
            ["payment_status"] = "unpaid", ["status"] = "open", ["subscription"] = null, ["success_url"] = f["success_url"],
            ["ui_mode"] = "hosted", ["url"] = $"https://checkout.stripe.com/c/pay/{id}",
            ["_line_items"] = lines,
            ["_subscription_metadata"] = Metadata(f, "subscription_data[metadata]"),
        };
        _sessions[id] = session;
        return Ok(session);
    }

    private (int, string) UpdateSubscription(string id, Dictionary<string, string> f)
    {
        if (!_subscriptions.TryGetValue(id, out var sub))
        {
            return Missing("subscription", id);
        }
        if (f.TryGetValue("cancel_at_period_end", out var cancel))
        {
            sub["cancel_at_period_end"] = cancel == "true";
        }
        var items = sub["_items"]!.AsArray();
        for (var i = 0; f.ContainsKey($"items[{i}][id]") || f.ContainsKey($"items[{i}][price]"); i++)
        {
            var itemId = f.GetValueOrDefault($"items[{i}][id]");
            var item = itemId is null ? null : items.FirstOrDefault(x => x!["id"]!.GetValue<string>() == itemId)?.AsObject();
            if (itemId is not null && item is null)
            {
                return Error(400, "invalid_request_error", "resource_missing", $"No such subscription item: '{itemId}'", $"items[{i}][id]");
            }
            if (f.GetValueOrDefault($"items[{i}][deleted]") == "true")
            {
                items.Remove(item);
                continue;
            }
            var priceId = f.GetValueOrDefault($"items[{i}][price]") ?? item?["price"]!.GetValue<string>();
            if (priceId is null || !_prices.ContainsKey(priceId))
            {
                return Error(400, "invalid_request_error", "resource_missing", $"No such price: '{priceId}'", $"items[{i}][price]");
            }
            var quantity = f.TryGetValue($"items[{i}][quantity]", out var q) ? long.Parse(q, System.Globalization.CultureInfo.InvariantCulture) : item?["quantity"]!.GetValue<long>() ?? 1;
            if (item is null)
            {
                items.Add(new JsonObject { ["id"] = NewId("si_"), ["price"] = priceId, ["quantity"] = quantity });
            }
            else
            {
                item["price"] = priceId;
                item["quantity"] = quantity;
            }
        }
        return Ok(Expanded(sub));
    }

    private (int, string) CancelSubscription(string id)
    {
        if (!_subscriptions.TryGetValue(id, out var sub))
        {
            return Missing("subscription", id);
        }
        var now = Now().ToUnixTimeSeconds();
        sub["status"] = "canceled";
        sub["canceled_at"] = now;
        sub["ended_at"] = now;
        return Ok(Expanded(sub));
    }

    private (int, string) CreatePortalSession(Dictionary<string, string> f)
    {
        var customer = f.GetValueOrDefault("customer");
        if (customer is null || !_customers.ContainsKey(customer))
        {
            return Error(400, "invalid_request_error", "resource_missing", $"No such customer: '{customer}'", "customer");
        }
        var id = NewId("bps_");
        return Ok(new JsonObject
        {
            ["id"] = id, ["object"] = "billing_portal.session", ["configuration"] = "bpc_test", ["created"] = Now().ToUnixTimeSeconds(),
            ["customer"] = customer, ["livemode"] = false, ["locale"] = null, ["on_behalf_of"] = null,
            ["return_url"] = f.GetValueOrDefault("return_url"), ["url"] = $"https://billing.stripe.com/p/session/test_{id}",
        });
    }

    private (int, string) ListInvoices(Dictionary<string, string> f)
    {
        IEnumerable<JsonObject> invoices = _invoices.Values.OrderByDescending(i => i["created"]!.GetValue<long>()).ThenByDescending(i => i["number"]!.GetValue<string>());
        if (f.TryGetValue("customer", out var customer))
        {
            invoices = invoices.Where(i => i["customer"]!.GetValue<string>() == customer);
        }
        var limit = f.TryGetValue("limit", out var l) ? int.Parse(l, System.Globalization.CultureInfo.InvariantCulture) : 10;
        return Ok(List(invoices.Take(limit), "/v1/invoices"));
    }

    private JsonObject NewInvoice(JsonObject sub, string status, int attemptCount, string billingReason)
    {
        var id = NewId("in_");
        var subId = sub["id"]!.GetValue<string>();
        var customer = sub["customer"]!.GetValue<string>();
        var now = Now().ToUnixTimeSeconds();
        var periodStart = sub["_period_start"]!.GetValue<long>();
        var periodEnd = sub["_period_end"]!.GetValue<long>();
        var lines = new JsonArray();
        long total = 0;
        foreach (var item in sub["_items"]!.AsArray())
        {
            var price = _prices[item!["price"]!.GetValue<string>()];
            var quantity = item["quantity"]!.GetValue<long>();
            var amount = price["unit_amount"]!.GetValue<long>() * quantity;
            total += amount;
            lines.Add(new JsonObject
            {
                ["id"] = NewId("il_"), ["object"] = "line_item", ["amount"] = amount, ["currency"] = "usd",
                ["description"] = $"{quantity} × {price["nickname"]}", ["invoice"] = id, ["livemode"] = false, ["metadata"] = new JsonObject(),
                ["parent"] = new JsonObject
                {
                    ["type"] = "subscription_item_details",
                    ["subscription_item_details"] = new JsonObject
                    {
                        ["invoice_item"] = null, ["proration"] = false, ["proration_details"] = new JsonObject { ["credited_items"] = null },
                        ["subscription"] = subId, ["subscription_item"] = item["id"]!.GetValue<string>(),
                    },
                },
                ["period"] = new JsonObject { ["start"] = periodStart, ["end"] = periodEnd },
                ["quantity"] = quantity,
            });
        }
        var number = $"{_customers[customer]["invoice_prefix"]}-{Interlocked.Increment(ref _invoiceNumber):D4}";
        var invoice = new JsonObject
        {
            ["id"] = id, ["object"] = "invoice", ["account_country"] = "US", ["amount_due"] = total,
            ["amount_paid"] = status == "paid" ? total : 0, ["amount_remaining"] = status == "paid" ? 0 : total,
            ["attempt_count"] = attemptCount, ["attempted"] = true, ["auto_advance"] = status != "paid", ["billing_reason"] = billingReason,
            ["collection_method"] = "charge_automatically", ["created"] = now, ["currency"] = "usd", ["customer"] = customer,
            ["hosted_invoice_url"] = $"https://invoice.stripe.com/i/acct_test/{id}", ["invoice_pdf"] = $"https://pay.stripe.com/invoice/acct_test/{id}/pdf",
            ["lines"] = List(lines.Select(l => l!.AsObject()), $"/v1/invoices/{id}/lines"), ["livemode"] = false,
            ["metadata"] = new JsonObject(), ["next_payment_attempt"] = status == "paid" ? null : now + 3 * 86400, ["number"] = number,
            ["parent"] = new JsonObject
            {
                ["type"] = "subscription_details", ["quote_details"] = null,
                ["subscription_details"] = new JsonObject { ["metadata"] = Copy(sub["metadata"]!.AsObject()), ["subscription"] = subId },
            },
            // Like Stripe: a subscription invoice's own period looks back; the lines carry the period paid for.
            ["period_end"] = periodStart, ["period_start"] = periodStart,
            ["status"] = status, ["subtotal"] = total, ["total"] = total,
        };
        _invoices[id] = invoice;
        return invoice;
    }

    /// <summary>The subscription as the API returns it: items with their full price objects and the
    /// billing period on each item (API versions since 2025-03-31).</summary>
    private JsonObject Expanded(JsonObject sub)
    {
        var result = Public(sub);
        var items = new JsonArray();
        foreach (var item in sub["_items"]!.AsArray())
        {
            items.Add(new JsonObject
            {
                ["id"] = item!["id"]!.GetValue<string>(), ["object"] = "subscription_item", ["created"] = sub["created"]!.GetValue<long>(),
                ["current_period_start"] = sub["_period_start"]!.GetValue<long>(), ["current_period_end"] = sub["_period_end"]!.GetValue<long>(),
                ["metadata"] = new JsonObject(), ["price"] = Copy(_prices[item["price"]!.GetValue<string>()]),
                ["quantity"] = item["quantity"]!.GetValue<long>(), ["subscription"] = sub["id"]!.GetValue<string>(),
            });
        }
        result["items"] = new JsonObject
        {
            ["object"] = "list", ["data"] = items, ["has_more"] = false, ["total_count"] = items.Count,
            ["url"] = $"/v1/subscription_items?subscription={sub["id"]}",
        };
        return result;
    }

    private static (int, string) Found(Dictionary<string, JsonObject> store, string id, string kind) =>
        store.TryGetValue(id, out var value) ? Ok(value) : Missing(kind, id);

    private static (int, string) Missing(string kind, string id) =>
        Error(404, "invalid_request_error", "resource_missing", $"No such {kind}: '{id}'", "id");

    private static (int, string) Ok(JsonObject value) => (200, Public(value).ToJsonString());

    private static (int, string) Error(int status, string type, string? code, string message, string? param = null) =>
        (status, new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["type"] = type, ["code"] = code, ["message"] = message, ["param"] = param,
                ["request_log_url"] = "https://dashboard.stripe.com/test/logs/req_fake",
            },
        }.ToJsonString());

    private static JsonObject List(IEnumerable<JsonObject> items, string url) => new()
    {
        ["object"] = "list",
        ["data"] = new JsonArray(items.Select(i => (JsonNode)Public(i)).ToArray()),
        ["has_more"] = false,
        ["url"] = url,
    };

    /// <summary>A copy without the fake's own bookkeeping fields (those starting with "_").</summary>
    private static JsonObject Public(JsonObject value)
    {
        var copy = new JsonObject();
        foreach (var (k, v) in value)
        {
            if (!k.StartsWith('_'))
            {
                copy[k] = v?.DeepClone();
            }
        }
        return copy;
    }

    private static JsonObject Copy(JsonObject value) => value.DeepClone().AsObject();

    private static JsonObject Metadata(Dictionary<string, string> f, string prefix = "metadata")
    {
        var metadata = new JsonObject();
        foreach (var (k, v) in f.Where(kv => kv.Key.StartsWith(prefix + "[", StringComparison.Ordinal)))
        {
            var name = k[(prefix.Length + 1)..^1];
            if (!name.Contains('['))
            {
                metadata[name] = v;
            }
        }
        return metadata;
    }

    private static IEnumerable<string> Indexed(Dictionary<string, string> f, string name)
    {
        for (var i = 0; f.TryGetValue($"{name}[{i}]", out var value); i++)
        {
            yield return value;
        }
    }

    private static Dictionary<string, string> Parse(string encoded)
    {
        var result = new Dictionary<string, string>();
        var parsed = HttpUtility.ParseQueryString(encoded);
        foreach (var key in parsed.AllKeys)
        {
            if (key is not null)
            {
                result[key] = parsed[key]!;
            }
        }
        return result;
    }

    private static string NewId(string prefix) => prefix + Guid.NewGuid().ToString("N")[..24];

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
    }
}
