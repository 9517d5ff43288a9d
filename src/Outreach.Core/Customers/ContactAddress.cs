namespace Outreach.Core.Customers;

/// <summary>Where a channel reaches a customer: phone for SMS and calls, email, or WeChat openid.</summary>
public static class ContactAddress
{
    public static string? For(Customer customer, Channel channel) => channel switch
    {
        Channel.Sms or Channel.Call => customer.Phone,
        Channel.Email => customer.Email,
        Channel.WeChat => customer.WeChatOpenId,
        _ => null,
    } is { Length: > 0 } address ? address : null;

    /// <summary>Masks an address for logs: <c>+86138****8000</c>, <c>l***@example.com</c>.</summary>
    public static string Mask(string? address)
    {
        if (string.IsNullOrEmpty(address)) return "";
        var at = address.IndexOf('@');
        if (at > 0) return address[0] + "***" + address[at..];
        return address.Length <= 8 ? new string('*', address.Length) : address[..6] + "****" + address[^4..];
    }
}
