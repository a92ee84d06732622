// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace CallCenter.Demo;

/// <summary>Reports progress on the caller's thread, in order.</summary>
public sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
