// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.Encryption;

/// <summary>
/// Hands out nonces from a buffer of random bytes so that the random-number generator is called once per buffer,
/// not once per value. Every byte of the buffer is handed out at most once: when what is left is too short for the
/// next nonce, the rest is discarded and the whole buffer is refilled.
/// </summary>
/// <remarks>Not thread-safe: <see cref="NonceGenerator"/> gives each thread its own buffer, consumed synchronously.</remarks>
internal sealed class NonceBuffer
{
    public const int DefaultSize = 4096;

    private readonly byte[] _buffer;
    private readonly RandomFill _fill;
    private int _offset;

    public NonceBuffer(int size, RandomFill fill)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 64);
        ArgumentNullException.ThrowIfNull(fill);
        _buffer = new byte[size];
        _fill = fill;
        _offset = size;
    }

    /// <summary>Fills <paramref name="nonce"/> with bytes never handed out before.</summary>
    public void Next(Span<byte> nonce)
    {
        if (nonce.Length > _buffer.Length)
        {
            _fill(nonce);
            return;
        }

        if (_buffer.Length - _offset < nonce.Length)
        {
            _fill(_buffer);
            _offset = 0;
        }

        var source = _buffer.AsSpan(_offset, nonce.Length);
        source.CopyTo(nonce);
        source.Clear();
        _offset += nonce.Length;
    }
}
