// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.IntegrationTests.Retention;

/// <summary>A thread of replies on a call: cascade from the call and from its parent thread (a cycle in the model, any depth in the data).</summary>
public sealed class ReviewFixThread
{
    public long Id { get; set; }

    public long? CallId { get; set; }

    public long? ParentId { get; set; }
}
