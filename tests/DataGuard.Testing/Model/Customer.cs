// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.Testing.Model;

/// <summary>An entity with a complex type that holds an encrypted property.</summary>
public sealed class Customer
{
    public int Id { get; set; }

    public BillingInfo Billing { get; set; } = new();
}
