// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard.Encryption;

/// <summary>Fills a buffer with cryptographically strong random bytes.</summary>
internal delegate void RandomFill(Span<byte> buffer);
