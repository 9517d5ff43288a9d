using System.Text;

namespace Outreach.Limits.Caps;

/// <summary>FNV-1a over UTF-8: stable across nodes, processes and languages, and cheap.</summary>
internal static class Fnv
{
    public static uint Hash(string text)
    {
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        Span<byte> bytes = max <= 512 ? stackalloc byte[max] : new byte[max];
        var hash = 2166136261u;
        foreach (var b in bytes[..Encoding.UTF8.GetBytes(text, bytes)]) hash = (hash ^ b) * 16777619u;
        return hash;
    }
}
