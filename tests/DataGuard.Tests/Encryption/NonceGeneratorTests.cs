// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DataGuard.Encryption;
using Xunit;

namespace DataGuard.Tests.Encryption;

/// <summary>Nonce uniqueness measured on real ciphertexts of the AES-256-GCM column protector.</summary>
public sealed class NonceGeneratorTests
{
    private const int NonceOffset = CiphertextEnvelope.HeaderSize;
    private const int AesGcmNonceSize = 12;

    [Fact]
    public async Task Fill_TenMillionEncryptionsOnEightThreads_NoNonceRepeats()
    {
        const int Threads = 8;
        const int PerThread = 1_250_000;
        await using var harness = await EncryptionHarness.CreateAsync();
        var protector = harness.CreateProtector(column: "Blob", valueType: typeof(byte[]), algorithm: EncryptionAlgorithm.Aes256Gcm);

        // A nonce is 96 bits: its first 64 bits sort the array, the last 32 travel with them.
        var high = new ulong[Threads * PerThread];
        var low = new uint[Threads * PerThread];
        var errors = new Exception?[Threads];
        var workers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            try
            {
                var empty = Array.Empty<byte>();
                var start = t * PerThread;
                for (var i = 0; i < PerThread; i++)
                {
                    // An empty byte array gives the raw envelope: 20-byte header, 12-byte nonce, 16-byte tag.
                    var envelope = protector.EncryptBytes(empty);
                    if (envelope.Length != NonceOffset + AesGcmNonceSize + 16 || envelope[3] != (byte)EncryptionAlgorithm.Aes256Gcm)
                    {
                        throw new InvalidOperationException($"Unexpected envelope of {envelope.Length} bytes, algorithm {envelope[3]}.");
                    }

                    var nonce = envelope.AsSpan(NonceOffset, AesGcmNonceSize);
                    high[start + i] = BinaryPrimitives.ReadUInt64BigEndian(nonce);
                    low[start + i] = BinaryPrimitives.ReadUInt32BigEndian(nonce[8..]);
                }
            }
            catch (Exception ex)
            {
                errors[t] = ex;
            }
        })).ToList();

        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        Assert.All(errors, Assert.Null);

        Array.Sort(high, low);
        Assert.Equal(0, CountRepeats(high, low));

        // Entropy checks that catch nonces which are unique but partly predictable (bytes reused or left zero). For 10^7 random
        // values, a repeat among the 64-bit first halves has a probability of about 3e-6, and about 11,600 repeats are expected
        // among the 32-bit last quarters; a constant or reused part would give orders of magnitude more.
        Assert.Equal(0, CountAdjacentEqual(high));
        Array.Sort(low);
        Assert.InRange(CountAdjacentEqual(low), 0, 100_000);
    }

    [Fact]
    public async Task Fill_StringCiphertextsOnFourThreads_NoNonceRepeats()
    {
        const int Threads = 4;
        const int PerThread = 25_000;
        await using var harness = await EncryptionHarness.CreateAsync();
        var protector = harness.CreateProtector(algorithm: EncryptionAlgorithm.Aes256Gcm);
        var nonces = new string[Threads][];

        await Task.WhenAll(Enumerable.Range(0, Threads).Select(t => Task.Factory.StartNew(
            () =>
            {
                var mine = new string[PerThread];
                for (var i = 0; i < PerThread; i++)
                {
                    var envelope = EncryptionAssert.Decode(protector.EncryptString("+919876543210"));
                    mine[i] = Convert.ToHexString(envelope, NonceOffset, AesGcmNonceSize);
                }

                nonces[t] = mine;
            },
            TaskCreationOptions.LongRunning)));

        var all = nonces.SelectMany(n => n).ToList();
        Assert.Equal(Threads * PerThread, all.Count);
        Assert.Equal(all.Count, new HashSet<string>(all, StringComparer.Ordinal).Count);
    }

    [Fact]
    public void Fill_OneThread_NeverRepeatsAcrossBufferRefills()
    {
        // 12-byte nonces from a 4096-byte buffer: 341 per fill, so 10,000 nonces cross many refills.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var nonce = new byte[AesGcmNonceSize];
        for (var i = 0; i < 10_000; i++)
        {
            NonceGenerator.Fill(nonce);
            Assert.True(seen.Add(Convert.ToHexString(nonce)), $"Nonce {i} repeats an earlier one.");
        }
    }

    private static int CountAdjacentEqual<T>(T[] sorted)
        where T : IEquatable<T>
    {
        var count = 0;
        for (var i = 1; i < sorted.Length; i++)
        {
            if (sorted[i].Equals(sorted[i - 1]))
            {
                count++;
            }
        }

        return count;
    }

    private static int CountRepeats(ulong[] high, uint[] low)
    {
        var repeats = 0;
        var runStart = 0;
        for (var i = 1; i <= high.Length; i++)
        {
            if (i < high.Length && high[i] == high[runStart])
            {
                continue;
            }

            // Entries with equal high halves are adjacent after sorting; compare their low halves (such runs are tiny).
            if (i - runStart > 1)
            {
                var lows = new HashSet<uint>();
                for (var j = runStart; j < i; j++)
                {
                    if (!lows.Add(low[j]))
                    {
                        repeats++;
                    }
                }
            }

            runStart = i;
        }

        return repeats;
    }
}
