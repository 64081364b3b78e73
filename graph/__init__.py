"""The GraphQL layer: types, resolvers, loaders and limits over the domain services."""
