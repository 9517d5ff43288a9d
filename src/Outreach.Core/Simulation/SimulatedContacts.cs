namespace Outreach.Core.Simulation;

/// <summary>
/// Phone numbers, email addresses and WeChat openids that look and validate like real ones.
/// Phones and emails are unique per customer index (up to 100 million customers), as they are in a real CRM.
/// </summary>
internal static class SimulatedContacts
{
    // Mainland mobile prefixes of China Mobile, Unicom and Telecom that libphonenumber accepts with any 8 digits after.
    private static readonly string[] MobilePrefixes =
    [
        "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "145", "147", "150", "151", "152",
        "153", "155", "156", "157", "158", "159", "166", "173", "175", "176", "177", "178", "180", "181", "182",
        "183", "184", "185", "186", "187", "188", "189", "191", "198", "199",
    ];

    private static readonly WeightedChoice<string> EmailDomains = new(
        ("qq.com", 40), ("163.com", 20), ("126.com", 8), ("foxmail.com", 6), ("sina.com", 5), ("gmail.com", 8),
        ("outlook.com", 7), ("hotmail.com", 3), ("icloud.com", 3));

    private const string OpenIdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private const long UniqueSpace = 100_000_000;

    public static string Phone(SimulationRandom random, long seed, long index) =>
        $"+86{random.Pick(MobilePrefixes)}{UniqueNumber(seed, index, salt: 0x5DEECE66DUL):D8}";

    public static string Email(SimulationRandom random, string asciiName, long seed, long index)
    {
        var domain = EmailDomains.Pick(random);
        var number = UniqueNumber(seed, index, salt: 0xB5AD4ECEDA1CE2A9UL);
        // QQ mail addresses are mostly the QQ number itself.
        return domain == "qq.com" && random.Chance(0.7)
            ? $"{10_000 + number}@qq.com"
            : $"{asciiName}{number}@{domain}";
    }

    /// <summary>
    /// 28 characters like <c>oUpF8uMuAJO_M2pxb1Q9zNjWeS6o</c>. Openids of one official account share their first
    /// characters, so the first six come from the seed (one account per simulation) and the rest are random.
    /// </summary>
    public static string WeChatOpenId(SimulationRandom random, long seed) =>
        string.Create(28, (random, seed), static (chars, state) =>
        {
            var account = (ulong)state.seed * 0x9E3779B97F4A7C15UL;
            chars[0] = 'o';
            for (var i = 1; i < 6; i++, account >>= 6) chars[i] = OpenIdAlphabet[(int)(account & 63)];
            var bits = 0UL;
            for (var i = 6; i < 28; i++, bits >>= 6)
            {
                if ((i - 6) % 10 == 0) bits = state.random.NextUInt64(); // 64 random bits give ten characters
                chars[i] = OpenIdAlphabet[(int)(bits & 63)];
            }
        });

    // A four-round Feistel network over two four-digit halves is a bijection on [0, 10^8) whose output looks random:
    // distinct indexes get distinct numbers, and seed and salt decide which.
    private static long UniqueNumber(long seed, long index, ulong salt)
    {
        long left = index % UniqueSpace / 10_000, right = index % 10_000;
        for (var round = 0UL; round < 4; round++)
        {
            var f = (long)(SimulationRandom.Hash((ulong)seed ^ salt ^ (round << 56) ^ (ulong)right) % 10_000);
            (left, right) = (right, (left + f) % 10_000);
        }
        return left * 10_000 + right;
    }
}
