// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.Encryption;

/// <summary>What reading a value whose key was destroyed (crypto-shredded) gives.</summary>
public enum DestroyedKeyBehavior
{
    /// <summary>Throw <see cref="DataGuardKeyDestroyedException"/>.</summary>
    Throw = 0,

    /// <summary>Return <see langword="null"/> for strings and byte arrays, and the default value for value types.</summary>
    ReturnDefault = 1,
}
