using System.Globalization;

namespace UcPortal.Web.Features.Billing;

/// <summary>Amounts in minor units (cents) as customers read them: "$49", "$2.50", "EUR 19", "$1,250",
/// digits grouped as the reader's culture groups them (decision 036).</summary>
public static class Money
{
    public static string Format(long cents, string currency)
    {
        var sign = cents < 0 ? "-" : "";
        cents = Math.Abs(cents);
        var amount = cents % 100 == 0
            ? (cents / 100).ToString("#,0", CultureInfo.CurrentCulture)
            : (cents / 100m).ToString("#,0.00", CultureInfo.CurrentCulture);
        return sign + (currency.ToUpperInvariant() switch { "USD" => "$", "EUR" => "€", "GBP" => "£", "CNY" => "¥", var c => c + " " }) + amount;
    }
}
