// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using DataGuard.Encryption;
using Xunit;

namespace DataGuard.Tests.Encryption;

public sealed class NonceBufferTests
{
    [Fact]
    public void Next_ConsecutiveNonces_AreConsecutiveBytesOfOneFill()
    {
        var fill = new CounterFill();
        var buffer = new NonceBuffer(64, fill.Fill);

        // 64 bytes hold five 12-byte nonces: counters 0-5, 6-11, 12-17, 18-23, 24-29.
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(Counters(i * 6, 6), Next(buffer, 12));
        }

        Assert.Equal([64], fill.Requests);
    }

    [Fact]
    public void Next_LeftoverTooShort_DiscardedAndNeverHandedOut()
    {
        var fill = new CounterFill();
        var buffer = new NonceBuffer(64, fill.Fill);
        for (var i = 0; i < 5; i++)
        {
            Next(buffer, 12);
        }

        // Four bytes (counters 30 and 31) are left; the sixth nonce comes from a new fill (counters 32-63), never from them.
        Assert.Equal(Counters(32, 6), Next(buffer, 12));
        Assert.Equal([64, 64], fill.Requests);
    }

    [Fact]
    public void Next_ManyNoncesOfMixedSizes_EveryByteHandedOutAtMostOnce()
    {
        var fill = new CounterFill();
        var buffer = new NonceBuffer(96, fill.Fill);
        var seen = new HashSet<ushort>();
        int[] sizes = [12, 24, 32, 12, 12, 32, 24, 24, 12];
        for (var round = 0; round < 200; round++)
        {
            var nonce = Next(buffer, sizes[round % sizes.Length]);
            for (var i = 0; i < nonce.Length; i += 2)
            {
                Assert.True(seen.Add(BinaryPrimitives.ReadUInt16BigEndian(nonce.AsSpan(i))), $"Nonce byte pair at {i} of round {round} was handed out before.");
            }
        }
    }

    [Fact]
    public void Next_NonceFillsRestExactly_NextNonceRefills()
    {
        var fill = new CounterFill();
        var buffer = new NonceBuffer(64, fill.Fill);

        Assert.Equal(Counters(0, 8), Next(buffer, 16));
        Assert.Equal(Counters(8, 24), Next(buffer, 48));
        Assert.Equal([64], fill.Requests);
        Assert.Equal(Counters(32, 6), Next(buffer, 12));
        Assert.Equal([64, 64], fill.Requests);
    }

    [Fact]
    public void Next_NonceAsLongAsBuffer_TakesAWholeFill()
    {
        var fill = new CounterFill();
        var buffer = new NonceBuffer(64, fill.Fill);

        Assert.Equal(Counters(0, 6), Next(buffer, 12));
        Assert.Equal(Counters(32, 32), Next(buffer, 64));
        Assert.Equal(Counters(64, 6), Next(buffer, 12));
        Assert.Equal([64, 64, 64], fill.Requests);
    }

    [Fact]
    public void Next_NonceLongerThanBuffer_FilledDirectlyAndBufferKept()
    {
        var fill = new CounterFill();
        var buffer = new NonceBuffer(64, fill.Fill);

        Assert.Equal(Counters(0, 6), Next(buffer, 12));
        Assert.Equal(Counters(32, 50), Next(buffer, 100));
        Assert.Equal([64, 100], fill.Requests);

        // The buffered bytes after the first nonce are still handed out, in order.
        Assert.Equal(Counters(6, 6), Next(buffer, 12));
        Assert.Equal([64, 100], fill.Requests);
    }

    [Fact]
    public void Next_FirstCall_FillsBeforeHandingOut()
    {
        var fill = new CounterFill();
        var buffer = new NonceBuffer(64, fill.Fill);
        Assert.Empty(fill.Requests);

        Assert.Equal(Counters(0, 6), Next(buffer, 12));
    }

    [Fact]
    public void Constructor_BufferSmallerThan64_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>("size", () => new NonceBuffer(63, new CounterFill().Fill));
    }

    [Fact]
    public void Constructor_NullFill_Throws()
    {
        Assert.Throws<ArgumentNullException>("fill", () => new NonceBuffer(64, null!));
    }

    private static byte[] Next(NonceBuffer buffer, int size)
    {
        var nonce = new byte[size];
        buffer.Next(nonce);
        return nonce;
    }

    /// <summary>The bytes a <see cref="CounterFill"/> writes for <paramref name="count"/> counters from <paramref name="first"/>.</summary>
    private static byte[] Counters(int first, int count)
    {
        var bytes = new byte[count * 2];
        for (var i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(i * 2), checked((ushort)(first + i)));
        }

        return bytes;
    }

    /// <summary>A deterministic "random" source: a big-endian 16-bit counter that never repeats, one value per two bytes.</summary>
    private sealed class CounterFill
    {
        private int _next;

        public List<int> Requests { get; } = [];

        public void Fill(Span<byte> buffer)
        {
            Assert.True(buffer.Length % 2 == 0, "The test fill writes 16-bit counters.");
            Requests.Add(buffer.Length);
            for (var i = 0; i < buffer.Length; i += 2)
            {
                BinaryPrimitives.WriteUInt16BigEndian(buffer[i..], checked((ushort)_next++));
            }
        }
    }
}
