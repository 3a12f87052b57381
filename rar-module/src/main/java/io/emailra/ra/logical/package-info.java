/**
 * What applications hold: clients, their logical connections ({@code EmailConnection}: kind, owner,
 * selected folder, serialization of their operations) and the allocation rules R1–R11 that choose
 * the logical connection an operation runs on. A logical connection holds a physical connection only
 * while one of its operations runs (R14), taken from a {@link io.emailra.ra.logical.ConnectionSource}.
 * Uses {@code physical} and {@code config}.
 */
package io.emailra.ra.logical;
