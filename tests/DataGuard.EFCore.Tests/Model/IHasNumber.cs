// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.EFCore.Tests.Model;

/// <summary>An interface over an encrypted property, as generic repository code uses.</summary>
public interface IHasNumber
{
    string Number { get; }
}
