// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.Extensions.Logging;

namespace DataGuard.EFCore.Tokenization;

/// <summary>Log messages of tokenization (event ids 2100-2199). Counts and formats only: never values or tokens.</summary>
internal static partial class TokenizationLog
{
    [LoggerMessage(2100, LogLevel.Debug, "DataGuard token vault: {Created} new entries for {Requested} values ({Format}).")]
    public static partial void Tokenized(ILogger logger, int created, int requested, TokenFormat format);

    [LoggerMessage(2101, LogLevel.Information, "DataGuard token vault: {Count} new {Format} tokens collided with existing tokens (attempt {Attempt}); retrying with new random tokens.")]
    public static partial void TokenCollision(ILogger logger, int count, TokenFormat format, int attempt);

    [LoggerMessage(2102, LogLevel.Information, "DataGuard token vault: {Requested} tokens detokenized, {Found} found.")]
    public static partial void Detokenized(ILogger logger, int requested, int found);

    [LoggerMessage(2103, LogLevel.Information, "DataGuard token vault: entry deleted: {Deleted}.")]
    public static partial void Deleted(ILogger logger, bool deleted);
}
