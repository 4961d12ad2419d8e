package com.example.shop;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface OrderRepository extends JpaRepository<PurchaseOrder, Long> {

  /** The orders only: each order's customer is loaded when first read, one query per order. */
  List<PurchaseOrder> findByStatus(String status);

  /** The orders with their customers, in one statement. */
  @Query("select o from PurchaseOrder o join fetch o.customer where o.status = :status")
  List<PurchaseOrder> findWithCustomersByStatus(String status);
}
