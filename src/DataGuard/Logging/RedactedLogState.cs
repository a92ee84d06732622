// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections;
using System.Collections.Generic;

namespace DataGuard.Logging;

/// <summary>
/// The structured state (or scope) that the safety net passes on in place of one that held personal data: the redacted values under
/// the original names, and the redacted message as <see cref="ToString"/>.
/// </summary>
internal sealed class RedactedLogState(string text, KeyValuePair<string, object?>[] values) : IReadOnlyList<KeyValuePair<string, object?>>
{
    /// <summary>The formatter passed with this state: it returns the redacted message.</summary>
    public static readonly Func<RedactedLogState, Exception?, string> Formatter = static (state, _) => state.ToString();

    public int Count => values.Length;

    public KeyValuePair<string, object?> this[int index] => values[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => text;
}
