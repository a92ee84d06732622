// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Threading;

namespace DataGuard.AspNetCore.Masking;

/// <summary>
/// The masking decision for one request, stored in <c>HttpContext.Features</c> before the response is written and read by the
/// JSON property getters. Counts the values that were written unmasked.
/// </summary>
internal sealed class PersonalDataMaskingFeature(bool unmasked)
{
    private int _count;

    public bool Unmasked { get; } = unmasked;

    public int Count => Volatile.Read(ref _count);

    public void CountUnmasked() => Interlocked.Increment(ref _count);
}
