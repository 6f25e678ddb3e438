// SPDX-FileCopyrightText: 2026 Gearscope authors
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace Gearscope {

/** A double-ended FIFO over a ring of reusable slots, for the runtime's message queue.
 *  std::deque allocates a node per element once elements are as big as a dispatch (272 bytes:
 *  one per 512-byte node), so every queued message cost a malloc and a free; here a slot is
 *  reused once the ring has grown to the queue's high-water mark. Elements leave by move;
 *  a vacated slot keeps the moved-from object (empty for the runtime's types) until reused.
 *  Capacity is a power of two so positions wrap with a mask. */
template <typename T> class RingDeque
{
public:
    bool empty() const { return m_size == 0; }
    size_t size() const { return m_size; }

    T& front() { return m_slots[m_head]; }
    const T& front() const { return m_slots[m_head]; }
    /// The element `i` places from the front (0 = front).
    T& operator[](size_t i) { return m_slots[(m_head + i) & (m_slots.size() - 1)]; }
    const T& operator[](size_t i) const { return m_slots[(m_head + i) & (m_slots.size() - 1)]; }

    void push_back(T&& v)
    {
        growIfFull();
        m_slots[(m_head + m_size) & (m_slots.size() - 1)] = std::move(v);
        ++m_size;
    }
    /// Appends a slot and returns it to be filled in place (saves a move of a big element). The
    /// slot holds what was last moved out of it, or T{}: the caller assigns every member.
    T& emplace_back()
    {
        growIfFull();
        T& slot = m_slots[(m_head + m_size) & (m_slots.size() - 1)];
        ++m_size;
        return slot;
    }
    void push_front(T&& v)
    {
        growIfFull();
        m_head = (m_head + m_slots.size() - 1) & (m_slots.size() - 1);
        m_slots[m_head] = std::move(v);
        ++m_size;
    }
    /// Removes the front element; the slot is reset so it holds no resources (shared gas nodes,
    /// contexts) that would outlive the element.
    void pop_front()
    {
        m_slots[m_head] = T {};
        m_head = (m_head + 1) & (m_slots.size() - 1);
        --m_size;
    }
    /// Moves the front element out and removes it. The slot keeps the moved-from object: for
    /// vectors and shared pointers (what a dispatch holds) that owns nothing.
    T take_front()
    {
        T v = std::move(m_slots[m_head]);
        m_head = (m_head + 1) & (m_slots.size() - 1);
        --m_size;
        return v;
    }
    void clear()
    {
        while (!empty())
            pop_front();
    }

    class const_iterator
    {
    public:
        const_iterator(const RingDeque* q, size_t i)
            : m_q(q)
            , m_i(i)
        {
        }
        const T& operator*() const { return (*m_q)[m_i]; }
        const T* operator->() const { return &(*m_q)[m_i]; }
        const_iterator& operator++()
        {
            ++m_i;
            return *this;
        }
        bool operator==(const const_iterator& o) const { return m_i == o.m_i; }
        bool operator!=(const const_iterator& o) const { return m_i != o.m_i; }

    private:
        const RingDeque* m_q;
        size_t m_i;
    };
    const_iterator begin() const { return { this, 0 }; }
    const_iterator end() const { return { this, m_size }; }

private:
    void growIfFull()
    {
        if (m_size < m_slots.size())
            return;
        // Unwrap into a ring twice the size (the first one holds 16).
        std::vector<T> bigger(m_slots.empty() ? 16 : m_slots.size() * 2);
        for (size_t i = 0; i < m_size; ++i)
            bigger[i] = std::move((*this)[i]);
        m_slots.swap(bigger);
        m_head = 0;
    }

    std::vector<T> m_slots;
    size_t m_head = 0;
    size_t m_size = 0;
};

} // namespace Gearscope
