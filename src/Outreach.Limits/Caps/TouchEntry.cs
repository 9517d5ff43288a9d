using System.Buffers.Binary;
using Outreach.Core;

namespace Outreach.Limits.Caps;

/// <summary>
/// One reserved touch in a history, 8 bytes when packed: unix seconds (u32) and a word holding the touch id's hash and
/// the channel. The Lua script reads and writes the same layout.
/// </summary>
internal readonly record struct TouchEntry(long At, uint Word)
{
    public const int Size = 8;

    public Channel Channel => (Channel)(Word & 3);
    public uint TouchKey => Word >> 2;

    public static TouchEntry Create(long at, uint touchKey, Channel channel) => new(at, (touchKey << 2) | (uint)channel);

    /// <summary>30 bits of FNV-1a of the touch id: two ids of one customer collide once in a billion.</summary>
    public static uint KeyOf(string touchId) => Fnv.Hash(touchId) >> 2;

    public static List<TouchEntry> Unpack(ReadOnlySpan<byte> packed)
    {
        var entries = new List<TouchEntry>(packed.Length / Size);
        for (var i = 0; i + Size <= packed.Length; i += Size)
            entries.Add(new(BinaryPrimitives.ReadUInt32LittleEndian(packed[i..]), BinaryPrimitives.ReadUInt32LittleEndian(packed[(i + 4)..])));
        return entries;
    }
}
