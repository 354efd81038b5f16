package io.replikey.server.service;

import io.replikey.server.domain.Purpose;

/** Create an account. {@code enabled} null means enabled; {@code purpose} null means Standard. */
public record NewAccount(String name, String description, Boolean enabled, Purpose purpose) {
}
