// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Security.Cryptography;

namespace DataGuard.Encryption;

/// <summary>
/// Fresh random nonces for every encryption, amortising the cost of <see cref="RandomNumberGenerator"/> over a per-thread buffer.
/// </summary>
internal static class NonceGenerator
{
    [ThreadStatic]
    private static NonceBuffer? _threadBuffer;

    public static void Fill(Span<byte> nonce) => (_threadBuffer ??= new NonceBuffer(NonceBuffer.DefaultSize, RandomNumberGenerator.Fill)).Next(nonce);
}
